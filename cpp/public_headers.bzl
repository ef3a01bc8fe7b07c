"""public_headers: every header its cc_library deps compile with, as files (for packaging)."""

def _public_headers_impl(ctx):
    headers = [dep[CcInfo].compilation_context.headers for dep in ctx.attr.deps]
    files = depset(transitive = headers)
    return [DefaultInfo(files = files, runfiles = ctx.runfiles(transitive_files = files))]

# The headers of `deps` and everything they depend on; cpp/lay_out_prefix.sh then copies only
# those a consumer's #include of runtime/module.h reaches.
public_headers = rule(
    implementation = _public_headers_impl,
    attrs = {"deps": attr.label_list(providers = [CcInfo])},
)
