# find_package(tsrt): the imported target tsrt::tsrt (libtsrt.so, its headers, and the system
# libraries a consumer links directly: abseil's InlinedVector error paths, inlined from tsrt's
# headers; oneDNN and OpenMP, which libtsrt.so's kernels run on). Installed by
# tools/install_cpp.sh into PREFIX/lib/cmake/tsrt/; PREFIX is found from this file's place.
get_filename_component(_tsrt_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

if(NOT TARGET tsrt::tsrt)
  find_package(Threads REQUIRED)
  add_library(tsrt::tsrt SHARED IMPORTED)
  set_target_properties(tsrt::tsrt PROPERTIES
    IMPORTED_LOCATION "${_tsrt_prefix}/lib/libtsrt.so"
    IMPORTED_SONAME "libtsrt.so"
    INTERFACE_INCLUDE_DIRECTORIES "${_tsrt_prefix}/include/tsrt"
    INTERFACE_COMPILE_FEATURES cxx_std_17
    INTERFACE_LINK_LIBRARIES "absl_throw_delegate;dnnl;gomp;Threads::Threads")
endif()

set(tsrt_FOUND TRUE)
unset(_tsrt_prefix)
