#include "frontends/pickle/unpickler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <set>

#include "frontends/archive/archive.h"
#include "frontends/archive/test_files.h"
#include "frontends/archive/zip_writer.h"
#include "frontends/pickle/loader_storage.h"
#include "runtime/error.h"
#include "tests/expect_error.h"

namespace tsrt::pickle {
namespace {

using archive::Archive;
using namespace std::string_literals;
using json = nlohmann::json;
namespace files = archive::testing;

using ::tsrt::testing::expect_error;

// ---- building pickles by hand ----
class PickleBuilder {
 public:
  PickleBuilder() { bytes_ += "\x80\x02"; }
  PickleBuilder& op(char code) { bytes_ += code; return *this; }
  PickleBuilder& raw(const std::string& bytes) { bytes_ += bytes; return *this; }
  PickleBuilder& global(const std::string& module, const std::string& name) {
    bytes_ += 'c' + module + '\n' + name + '\n';
    return *this;
  }
  PickleBuilder& str(const std::string& s) {
    bytes_ += 'X';
    le32(static_cast<uint32_t>(s.size()));
    bytes_ += s;
    return *this;
  }
  PickleBuilder& integer(int32_t v) {
    bytes_ += 'J';
    le32(static_cast<uint32_t>(v));
    return *this;
  }
  PickleBuilder& int_tuple(const std::vector<int32_t>& values) {
    op('(');
    for (int32_t v : values) integer(v);
    return op('t');
  }
  PickleBuilder& put(uint8_t index) { bytes_ += 'q'; bytes_ += static_cast<char>(index); return *this; }
  PickleBuilder& get(uint8_t index) { bytes_ += 'h'; bytes_ += static_cast<char>(index); return *this; }
  // _rebuild_tensor_v2(('storage', torch.<storage>, key, location, numel), offset, size, stride, False, OrderedDict())
  PickleBuilder& tensor(const std::string& storage, const std::string& key, int32_t numel, int32_t offset,
                        const std::vector<int32_t>& sizes, const std::vector<int32_t>& strides,
                        const std::string& location = "cpu") {
    global("torch._utils", "_rebuild_tensor_v2");
    op('(').op('(').str("storage").global("torch", storage).str(key).str(location).integer(numel).op('t');
    op('Q').integer(offset).int_tuple(sizes).int_tuple(strides).op('\x89');
    global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
    return *this;
  }
  // The same through a legacy 6-field id whose last field is None (`view_key` empty) or the view
  // (view_key, view_offset, view_size), as torch.save(_use_new_zipfile_serialization=False) writes.
  PickleBuilder& view_tensor(const std::string& key, int32_t numel, const std::string& view_key,
                             int32_t view_offset, int32_t view_size, int32_t offset,
                             const std::vector<int32_t>& sizes, const std::vector<int32_t>& strides) {
    global("torch._utils", "_rebuild_tensor_v2");
    op('(').op('(').str("storage").global("torch", "FloatStorage").str(key).str("cpu").integer(numel);
    if (view_key.empty()) op('N');
    else op('(').str(view_key).integer(view_offset).integer(view_size).op('t');
    op('t');
    op('Q').integer(offset).int_tuple(sizes).int_tuple(strides).op('\x89');
    global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
    return *this;
  }
  std::string stop() { return bytes_ + '.'; }
  const std::string& bytes() const { return bytes_; }

 private:
  void le32(uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes_ += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  std::string bytes_;
};

// A storage loader that makes fresh zeroed storages and counts its calls.
struct FakeStorages {
  int calls = 0;
  std::vector<StorageRequest> requests;
  Hooks hooks() {
    return Hooks{[this](const StorageRequest& r) {
      ++calls;
      requests.push_back(r);
      auto s = std::make_shared<Storage>(static_cast<size_t>(r.numel) * element_size(r.dtype));
      std::memset(s->data(), 0, s->nbytes());
      return s;
    }};
  }
};

// ---- reading tensors back as doubles ----
double half_to_double(uint16_t h) {
  int sign = h >> 15, exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
  double magnitude;
  if (exponent == 0) magnitude = std::ldexp(mantissa, -24);
  else if (exponent == 31) magnitude = mantissa ? NAN : INFINITY;
  else magnitude = std::ldexp(mantissa + 1024, exponent - 25);
  return sign ? -magnitude : magnitude;
}

double element(const Tensor& t, int64_t index) {
  const char* base = static_cast<const char*>(t.storage()->data()) + index * element_size(t.dtype());
  switch (t.dtype()) {
    case DType::Float32: { float v; std::memcpy(&v, base, 4); return v; }
    case DType::Float64: { double v; std::memcpy(&v, base, 8); return v; }
    case DType::Float16: { uint16_t v; std::memcpy(&v, base, 2); return half_to_double(v); }
    case DType::BFloat16: {
      uint16_t v; std::memcpy(&v, base, 2);
      uint32_t bits = static_cast<uint32_t>(v) << 16;
      float f; std::memcpy(&f, &bits, 4);
      return f;
    }
    case DType::Int64: { int64_t v; std::memcpy(&v, base, 8); return static_cast<double>(v); }
    case DType::Int32: { int32_t v; std::memcpy(&v, base, 4); return v; }
    case DType::Int16: { int16_t v; std::memcpy(&v, base, 2); return v; }
    case DType::Int8: return static_cast<int8_t>(*base);
    case DType::UInt8: return static_cast<uint8_t>(*base);
    case DType::Bool: return *base ? 1.0 : 0.0;
  }
  return NAN;
}

// Elements in row-major order, following sizes/strides/offset over the storage.
std::vector<double> values_of(const Tensor& t) {
  std::vector<double> out;
  int64_t n = t.numel();
  std::vector<int64_t> index(t.sizes().size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t at = t.storage_offset();
    for (size_t d = 0; d < index.size(); ++d) at += index[d] * t.strides()[d];
    out.push_back(element(t, at));
    for (size_t d = index.size(); d-- > 0;) {
      if (++index[d] < t.sizes()[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

void expect_tensor(const Tensor& t, const json& facts, const std::string& name) {
  SCOPED_TRACE(name);
  EXPECT_EQ(t.sizes(), facts.at("shape").get<Shape>());
  EXPECT_EQ(t.strides(), facts.at("stride").get<Shape>());
  EXPECT_EQ(t.storage_offset(), facts.at("offset").get<int64_t>());
  EXPECT_EQ(std::string(dtype_name(t.dtype())), facts.at("dtype").get<std::string>());
  std::vector<double> values = values_of(t);
  double sum = 0;
  for (double v : values) sum += v;
  double expected_sum = facts.at("sum").get<double>();
  EXPECT_NEAR(sum, expected_sum, 1e-6 * (1 + std::fabs(expected_sum)));
  if (facts.contains("values")) {
    EXPECT_EQ(values, facts.at("values").get<std::vector<double>>());
  }
}

// Tensors reachable through module attributes, by dotted path ("lin.weight").
void collect_tensors(const Value& v, const std::string& path, std::map<std::string, Tensor>& out) {
  if (!v.is_object()) return;
  const ObjectPtr& object = v.to_object();
  for (size_t i = 0; i < object->type->attributes.size(); ++i) {
    const Value& slot = object->slots[i];
    std::string name = path + object->type->attributes[i].name;
    if (slot.is_tensor()) out[name] = slot.to_tensor();
    if (slot.is_object()) collect_tensors(slot, name + ".", out);
  }
}

bool refused_by_design(const json& file) {
  for (const auto& g : file.at("globals")) {
    std::string name = g.get<std::string>();
    if (name.rfind("__torch__.torch.classes.", 0) == 0 || name == "torch._utils._rebuild_qtensor") return true;
  }
  return false;
}

Value unpickle_record(const std::shared_ptr<Archive>& archive, const std::string& pkl, const std::string& folder) {
  Hooks hooks{archive_storage_loader(archive, folder)};
  return unpickle(archive->read(pkl), archive->origin() + ":" + pkl, hooks);
}

const json& find_file(const json& expected, const std::string& path) {
  for (const auto& file : expected.at("files")) {
    if (file.at("path") == path) return file;
  }
  throw std::runtime_error(path + " not described in expected.json");
}

// Does `v` equal the JSON value Python's pickle wrote (tuples appear as JSON arrays)?
void expect_json_value(const Value& v, const json& expected, const std::string& where) {
  SCOPED_TRACE(where);
  if (expected.is_null()) {
    EXPECT_TRUE(v.is_none()) << v.repr();
  } else if (expected.is_boolean()) {
    ASSERT_TRUE(v.is_bool()) << v.repr();
    EXPECT_EQ(v.to_bool(), expected.get<bool>());
  } else if (expected.is_number_integer()) {
    ASSERT_TRUE(v.is_int()) << v.repr();
    EXPECT_EQ(v.to_int(), expected.is_number_unsigned() ? static_cast<int64_t>(expected.get<uint64_t>())
                                                        : expected.get<int64_t>());
  } else if (expected.is_number_float()) {
    ASSERT_TRUE(v.is_double()) << v.repr();
    double want = expected.get<double>();
    EXPECT_EQ(v.to_double(), want);
    EXPECT_EQ(std::signbit(v.to_double()), std::signbit(want));
  } else if (expected.is_string()) {
    ASSERT_TRUE(v.is_string()) << v.repr();
    EXPECT_EQ(v.to_string(), expected.get<std::string>());
  } else if (expected.is_array()) {
    ASSERT_TRUE(v.is_list() || v.is_tuple()) << v.repr();
    const std::vector<Value>& items = v.is_list() ? v.to_list()->items : v.to_tuple()->items;
    ASSERT_EQ(items.size(), expected.size());
    for (size_t i = 0; i < items.size(); ++i) expect_json_value(items[i], expected[i], where + "[" + std::to_string(i) + "]");
  } else if (expected.is_object()) {
    ASSERT_TRUE(v.is_dict()) << v.repr();
    const auto& entries = v.to_dict()->entries;
    ASSERT_EQ(entries.size(), expected.size());
    for (const auto& [key, value] : entries) {
      ASSERT_TRUE(key.is_string());
      ASSERT_TRUE(expected.contains(key.to_string())) << key.to_string();
      expect_json_value(value, expected.at(key.to_string()), where + "." + key.to_string());
    }
  }
}

TEST(PickleTest, RealAndGeneratedFilesMatchTorchJitLoad) {
  json expected = files::load_expected();
  int checked_tensors = 0, refused = 0;
  for (const auto& file : expected.at("files")) {
    std::string path = files::file_path(file);
    SCOPED_TRACE(path);
    auto archive = Archive::open(path);
    if (refused_by_design(file)) {
      expect_error([&] { unpickle_record(archive, "data.pkl", "data/"); }, "unsupported: ");
      ++refused;
      continue;
    }
    Value root = unpickle_record(archive, "data.pkl", "data/");
    ASSERT_TRUE(root.is_object()) << root.repr();
    std::set<std::string> globals;
    for (const auto& g : file.at("globals")) globals.insert(g.get<std::string>());
    EXPECT_TRUE(globals.count(root.to_object()->type->name)) << root.to_object()->type->name;

    if (!file.contains("tensors")) continue;  // torch.jit.load itself failed: nothing to compare
    std::map<std::string, Tensor> tensors;
    collect_tensors(root, "", tensors);
    for (const auto& [name, facts] : file.at("tensors").items()) {
      ASSERT_TRUE(tensors.count(name)) << "missing tensor " << name;
      expect_tensor(tensors.at(name), facts, name);
      ++checked_tensors;
    }
    // Tensor constants: every constant torch found in the graphs is in constants.pkl.
    const json& constants = file.at("constants");
    if (!archive->has("constants.pkl")) {
      EXPECT_TRUE(constants.empty());
      continue;
    }
    Value table = unpickle_record(archive, "constants.pkl", "constants/");
    ASSERT_TRUE(table.is_tuple()) << table.repr();
    for (const auto& facts : constants) {
      bool found = false;
      for (const Value& c : table.to_tuple()->items) {
        if (!c.is_tensor() || c.to_tensor().sizes() != facts.at("shape").get<Shape>()) continue;
        if (values_of(c.to_tensor()) != facts.at("values").get<std::vector<double>>()) continue;
        expect_tensor(c.to_tensor(), facts, "constant");
        found = true;
      }
      EXPECT_TRUE(found) << facts.dump();
      ++checked_tensors;
    }
  }
  EXPECT_GT(checked_tensors, 50);
  EXPECT_EQ(refused, 1);  // the quantized MobileNet
}

TEST(PickleTest, FeaturesAttributesAndTypes) {
  json expected = files::load_expected();
  const json& file = find_file(expected, "features.pt");
  auto archive = Archive::open(files::file_path(file));
  Value root = unpickle_record(archive, "data.pkl", "data/");
  const ObjectPtr& module = root.to_object();
  EXPECT_EQ(module->type->name, "__torch__.Features");
  for (const auto& [name, facts] : file.at("attrs").items()) {
    SCOPED_TRACE(name);
    const Value& v = module->attr(name);
    std::string type = facts.at("type").get<std::string>();
    const json& value = facts.at("value");
    if (type == "Device") {
      ASSERT_TRUE(v.is_device());
      EXPECT_EQ(v.to_device().name, value.get<std::string>());
    } else if (type == "List[Tensor]") {
      ASSERT_TRUE(v.is_list());
      EXPECT_EQ(v.to_list()->elem_type->str(), "Tensor");
      ASSERT_EQ(v.to_list()->items.size(), value.size());
      for (size_t i = 0; i < value.size(); ++i) expect_tensor(v.to_list()->items[i].to_tensor(), value[i], name);
    } else {
      expect_json_value(v, value, name);
      if (v.is_list()) {
        EXPECT_EQ("List[" + v.to_list()->elem_type->str() + "]", type);
      }
      if (v.is_dict()) {
        EXPECT_EQ("Dict[" + v.to_dict()->key_type->str() + ", " + v.to_dict()->value_type->str() + "]", type);
      }
    }
  }
  // torch writes a submodule referenced twice as two objects whose tensors share storages.
  const ObjectPtr& shared = module->attr("shared").to_object();
  const ObjectPtr& again = module->attr("again").to_object();
  EXPECT_EQ(shared->type->name, "__torch__.Leaf");
  EXPECT_EQ(again->type->name, "__torch__.Leaf");
  const ObjectPtr& linear = shared->attr("lin").to_object();
  EXPECT_EQ(linear->type->name, "__torch__.torch.nn.modules.linear.Linear");
  EXPECT_EQ(linear->attr("weight").to_tensor().storage(),
            again->attr("lin").to_object()->attr("weight").to_tensor().storage());
  // Records are mapped, not copied: tensor data points into the archive's record.
  Archive::Record record = archive->record("data/0");
  std::map<std::string, Tensor> tensors;
  collect_tensors(root, "", tensors);
  bool mapped = false;
  for (const auto& [name, t] : tensors) mapped = mapped || t.storage()->data() == record.data;
  EXPECT_TRUE(mapped);
}

TEST(PickleTest, CudaLocationsLoadOnCpu) {
  json expected = files::load_expected();
  const json& file = find_file(expected, "cuda_location.pt");
  auto archive = Archive::open(files::file_path(file));
  auto loader = archive_storage_loader(archive, "data/");
  std::vector<std::string> locations;
  Hooks hooks{[&](const StorageRequest& r) {
    locations.push_back(r.location);
    return loader(r);
  }};
  Value root = unpickle(archive->read("data.pkl"), "cuda_location.pt:data.pkl", hooks);
  ASSERT_FALSE(locations.empty());
  for (const std::string& location : locations) EXPECT_EQ(location, "cuda:0");
  std::map<std::string, Tensor> tensors;
  collect_tensors(root, "", tensors);
  for (const auto& [name, facts] : file.at("tensors").items()) {
    const Tensor& t = tensors.at(name);
    expect_tensor(t, facts, name);
    // Python's zipfile does not align records: the loader copied them to aligned memory.
    EXPECT_EQ(reinterpret_cast<uintptr_t>(t.raw_data()) % element_size(t.dtype()), 0u);
  }
}

TEST(PickleTest, PythonPickledValues) {
  json expected = files::load_expected();
  std::string bytes = files::read_file(files::required_env("TSRT_TESTDATA") + "/frontends/generated/values.pkl");
  Value v = unpickle(bytes, "values.pkl", Hooks{});
  expect_json_value(v, expected.at("pickles").at("values.pkl"), "values");
}

// The two files elastic/ml-cpp ships as malicious models: their pickles are ordinary module
// objects; the hostile parts (torch.from_file("/etc/passwd"), an out-of-bounds
// ops.inductor._reinterpret_tensor) live in code/, which the script frontend must refuse.
TEST(PickleTest, MaliciousModelsHaveBenignPickles) {
  std::string dir = files::required_env("TSRT_SHARED") + "/testdata/real/elastic/malicious/";
  for (const char* name : {"malicious_file_reader.pt", "malicious_reinterpret_tensor_oob_read.pt"}) {
    auto archive = Archive::open(dir + name);
    Value root = unpickle_record(archive, "data.pkl", "data/");
    ASSERT_TRUE(root.is_object());
    std::map<std::string, Tensor> tensors;
    collect_tensors(root, "", tensors);
    EXPECT_TRUE(tensors.empty());
    EXPECT_FALSE(root.to_object()->attr("training").to_bool());
  }
}

TEST(PickleTest, HostileGlobalsAreRefusedByName) {
  const std::vector<std::pair<std::string, std::string>> hostile = {
      {"builtins", "eval"}, {"builtins", "exec"}, {"__builtin__", "getattr"}, {"os", "system"},
      {"posix", "system"}, {"subprocess", "Popen"}, {"torch", "from_file"}, {"torch", "load"},
      {"torch._utils", "_rebuild_device_tensor_from_numpy"}, {"numpy.core.multiarray", "_reconstruct"},
      {"torch.serialization", "_get_layout"}, {"__torch__x", "Evil"}, {"collections", "defaultdict"},
  };
  for (const auto& [module, name] : hostile) {
    std::string pickle = PickleBuilder().global(module, name).str("echo pwned").op('\x85').op('R').stop();
    expect_error([&] { unpickle(pickle, "evil.pkl", Hooks{}); }, "global " + module + "." + name + " is not allowed");
  }
  expect_error([] { unpickle(PickleBuilder().global("torch._utils", "_rebuild_qtensor").op(')').op('R').stop(), "q.pkl", Hooks{}); },
               "unsupported: quantized tensors (global torch._utils._rebuild_qtensor)");
  expect_error([] { unpickle(PickleBuilder().global("torch", "QInt8Storage").stop(), "q.pkl", Hooks{}); },
               "unsupported: quantized");
  expect_error([] {
    unpickle(PickleBuilder().global("__torch__.torch.classes.quantized", "LinearPackedParamsBase").op(')').op('\x81').stop(), "c.pkl", Hooks{});
  }, "unsupported: custom class __torch__.torch.classes.quantized.LinearPackedParamsBase");
  // Binary junk in a name stays on one printable line.
  try {
    unpickle(PickleBuilder().global("os\x01\x02", "sys\x7ftem").stop(), "junk.pkl", Hooks{});
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find('\x01'), std::string::npos);
  }
  // Whitelisted names used the wrong way.
  expect_error([] { unpickle(PickleBuilder().global("__torch__", "Foo").op(')').op('R').stop(), "r.pkl", Hooks{}); },
               "cannot be called with REDUCE");
  expect_error([] { unpickle(PickleBuilder().global("torch", "device").integer(3).op('\x85').op('R').stop(), "d.pkl", Hooks{}); },
               "torch.device needs a string");
  expect_error([] { unpickle(PickleBuilder().global("collections", "OrderedDict").op(')').op('\x81').stop(), "n.pkl", Hooks{}); },
               "NEWOBJ needs a __torch__ class");
}

TEST(PickleTest, ObjectsWithSetstateAreRefused) {
  std::string pickle = PickleBuilder().global("__torch__", "Custom").op(')').op('\x81').integer(3).op('b').stop();
  expect_error([&] { unpickle(pickle, "s.pkl", Hooks{}); },
               "s.pkl: BUILD at byte 27: object of class __torch__.Custom: __setstate__ objects are unsupported");
}

TEST(PickleTest, ObjectsGetClassStubs) {
  PickleBuilder p;
  p.global("__torch__.a.___torch_mangle_3", "Net").op(')').op('\x81').op('}').op('(');
  p.str("x").integer(1).str("child").global("__torch__.b", "Leaf").op(')').op('\x81').op('}').op('b');
  p.op('u').op('b');
  Value v = unpickle(p.stop(), "o.pkl", Hooks{});
  const ObjectPtr& net = v.to_object();
  EXPECT_EQ(net->type->name, "__torch__.a.___torch_mangle_3.Net");
  ASSERT_EQ(net->type->attributes.size(), 2u);
  EXPECT_EQ(net->type->attributes[0].type->str(), "Any");
  EXPECT_EQ(net->attr("x").to_int(), 1);
  EXPECT_EQ(net->attr("child").to_object()->type->name, "__torch__.b.Leaf");
  EXPECT_TRUE(net->attr("child").to_object()->slots.empty());
}

TEST(PickleTest, TypedContainers) {
  PickleBuilder p;
  p.op('(');
  p.global("torch.jit._pickle", "restore_type_tag").op(']').op('(').str("a").str("b").op('e').str("List[str]").op('\x86').op('R');
  p.global("torch.jit._pickle", "restore_type_tag").op('}').str("k").op(']').op('s').str("Dict[str, List[Tensor]]").op('\x86').op('R');
  p.global("torch.jit._pickle", "restore_type_tag").op(']').str("List[__torch__.Foo]").op('\x86').op('R');
  p.global("torch.jit._pickle", "build_doublelist").op(']').op('(').raw(std::string("G\x3f\xf8\0\0\0\0\0\0", 9)).op('e').op('\x85').op('R');
  p.global("torch.jit._pickle", "build_boollist").op(']').op('\x88').op('a').op('\x85').op('R');
  p.global("torch", "device").str("cuda:1").op('\x85').op('R');
  p.op('t');
  Value v = unpickle(p.stop(), "typed.pkl", Hooks{});
  const auto& items = v.to_tuple()->items;
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[0].to_list()->elem_type->str(), "str");
  EXPECT_EQ(items[1].to_dict()->key_type->str(), "str");
  EXPECT_EQ(items[1].to_dict()->value_type->str(), "List[Tensor]");
  EXPECT_EQ(items[2].to_list()->elem_type->str(), "__torch__.Foo");
  EXPECT_EQ(items[3].to_list()->elem_type->str(), "float");
  EXPECT_EQ(items[3].to_list()->items.at(0).to_double(), 1.5);
  EXPECT_EQ(items[4].to_list()->elem_type->str(), "bool");
  EXPECT_EQ(items[5].to_device().name, "cuda:1");  // kept as written; the loader maps it
  expect_error([] {
    unpickle(PickleBuilder().global("torch.jit._pickle", "build_intlist").op(']').str("x").op('a').op('\x85').op('R').stop(), "i.pkl", Hooks{});
  }, "build_intlist holds a str");
  expect_error([] {
    unpickle(PickleBuilder().global("torch.jit._pickle", "restore_type_tag").op(']').str("Dict[str, int]").op('\x86').op('R').stop(), "t.pkl", Hooks{});
  }, "type tag 'Dict[str, int]' does not fit a List");
}

TEST(PickleTest, TensorsShareStoragesByKey) {
  FakeStorages fake;
  PickleBuilder p;
  p.op('(').tensor("FloatStorage", "7", 12, 0, {3, 4}, {4, 1}).tensor("FloatStorage", "7", 12, 5, {2}, {3});
  p.tensor("LongStorage", "8", 2, 0, {}, {}).tensor("FloatStorage", "9", 0, 0, {0, 5}, {5, 1}).op('t');
  Value v = unpickle(p.stop(), "t.pkl", fake.hooks());
  const auto& items = v.to_tuple()->items;
  EXPECT_EQ(fake.calls, 3);
  EXPECT_EQ(items[0].to_tensor().storage(), items[1].to_tensor().storage());
  EXPECT_EQ(items[1].to_tensor().storage_offset(), 5);
  EXPECT_EQ(items[2].to_tensor().dtype(), DType::Int64);
  EXPECT_EQ(items[2].to_tensor().dim(), 0);
  EXPECT_EQ(items[3].to_tensor().numel(), 0);
  EXPECT_EQ(fake.requests[0].key, "7");
  EXPECT_EQ(fake.requests[0].numel, 12);
  EXPECT_EQ(fake.requests[0].location, "cpu");
}

TEST(PickleTest, TensorsOutsideTheirStorageAreRefused) {
  auto check = [](int32_t numel, int32_t offset, std::vector<int32_t> sizes, std::vector<int32_t> strides,
                  const std::string& needle) {
    FakeStorages fake;
    std::string pickle = PickleBuilder().tensor("FloatStorage", "3", numel, offset, sizes, strides).stop();
    expect_error([&] { unpickle(pickle, "bad.pkl", fake.hooks()); }, needle);
  };
  check(12, 0, {3, 5}, {5, 1}, "tensor on storage '3' (size [3, 5], stride [5, 1], offset 0): reaches element 14 but the storage holds 12");
  check(12, 1, {3, 4}, {4, 1}, "reaches element 12");
  check(12, 0, {3, 4}, {4, -1}, "negative size or stride");
  check(12, 0, {-3, 4}, {4, 1}, "negative size or stride");
  check(12, -1, {2}, {1}, "negative storage offset");
  check(12, 0, {2, 2}, {1}, "size and stride differ in length");
  check(12, 0, {2147483647, 2147483647, 2147483647}, {2147483647, 2147483647, 2147483647}, "element index overflows");
  check(12, 13, {0}, {1}, "offset beyond the storage");
  FakeStorages fake;
  std::string twice = PickleBuilder().op('(').tensor("FloatStorage", "1", 4, 0, {4}, {1})
                          .tensor("DoubleStorage", "1", 4, 0, {4}, {1}).op('t').stop();
  expect_error([&] { unpickle(twice, "twice.pkl", fake.hooks()); }, "storage '1' is described twice differently");
  expect_error([] { unpickle(PickleBuilder().tensor("FloatStorage", "1", 4, 0, {4}, {1}).stop(), "nohook.pkl", Hooks{}); },
               "no storage loader");
  Hooks small{[](const StorageRequest&) { return std::make_shared<Storage>(8); }};
  expect_error([&] { unpickle(PickleBuilder().tensor("FloatStorage", "1", 4, 0, {4}, {1}).stop(), "small.pkl", small); },
               "holds fewer than the 16 bytes");
}

TEST(PickleTest, LegacySixFieldIdsAndStorageViews) {
  FakeStorages fake;
  PickleBuilder p;
  p.op('(').view_tensor("1", 12, "", 0, 0, 2, {2, 3}, {3, 1});
  p.view_tensor("1", 12, "v", 4, 6, 1, {2, 2}, {2, 1}).view_tensor("1", 12, "v", 4, 6, 0, {6}, {1}).op('t');
  Value v = unpickle(p.stop(), "legacy.pkl", fake.hooks());
  const auto& items = v.to_tuple()->items;
  EXPECT_EQ(fake.calls, 1);
  EXPECT_EQ(fake.requests[0].numel, 12);  // the hook serves the root storage, never a view
  EXPECT_EQ(items[0].to_tensor().storage_offset(), 2);
  EXPECT_EQ(items[1].to_tensor().storage_offset(), 5);  // view offset 4 + tensor offset 1
  EXPECT_EQ(items[2].to_tensor().storage_offset(), 4);
  EXPECT_EQ(items[1].to_tensor().storage(), items[0].to_tensor().storage());

  auto check = [](const std::string& pickle, const std::string& needle) {
    FakeStorages fake;
    expect_error([&] { unpickle(pickle, "bad.pkl", fake.hooks()); }, needle);
  };
  check(PickleBuilder().view_tensor("1", 12, "v", 8, 6, 0, {1}, {1}).stop(),
        "view 'v' (offset 8, size 6) of storage '1': lies outside the storage of 12 elements");
  check(PickleBuilder().view_tensor("1", 12, "v", -1, 2, 0, {1}, {1}).stop(), "negative offset or size");
  check(PickleBuilder().view_tensor("1", 12, "v", 2, 2147483647, 0, {1}, {1}).stop(), "lies outside the storage");
  // The tensor must lie inside its view, not merely inside the root storage.
  check(PickleBuilder().view_tensor("1", 12, "v", 4, 6, 1, {6}, {1}).stop(),
        "reaches element 6 but the storage holds 6");
  check(PickleBuilder().op('(').view_tensor("1", 12, "v", 4, 6, 0, {1}, {1})
            .view_tensor("1", 12, "v", 2, 6, 0, {1}, {1}).op('t').stop(),
        "storage view 'v' is described twice differently");
  auto with_view = [](const std::string& metadata) {
    PickleBuilder b;
    b.global("torch._utils", "_rebuild_tensor_v2");
    b.op('(').op('(').str("storage").global("torch", "FloatStorage").str("1").str("cpu").integer(4).raw(metadata);
    b.op('t').op('Q').integer(0).int_tuple({1}).int_tuple({1}).op('\x89');
    b.global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
    return b.stop();
  };
  PickleBuilder text, pair;
  check(with_view(text.str("v").bytes().substr(2)), "storage view metadata must be None or (view_key, offset, size)");
  check(with_view(pair.op('(').integer(1).integer(0).integer(1).op('t').bytes().substr(2)),
        "storage view metadata must be (str view_key, int offset, int size)");
  check(with_view(std::string("NN")), "persistent id must have 5 or 6 fields, got 7");
}

// torch.save(..., _use_new_zipfile_serialization=False) by stock torch 1.13: 6-field ids (view
// metadata None), float16/bfloat16/float32/int64 storages, a slice sharing its base's storage.
TEST(PickleTest, StockTorchLegacySaveMatchesTorch) {
  json expected = files::load_expected().at("pickles").at("legacy_main.pkl");
  std::string folder = files::required_env("TSRT_TESTDATA") + "/frontends/generated/";
  Hooks hooks{[&](const StorageRequest& r) {
    std::string bytes = files::read_file(folder + "legacy_storage_" + r.key + ".bin");
    auto storage = std::make_shared<Storage>(bytes.size());
    std::memcpy(storage->data(), bytes.data(), bytes.size());
    return storage;
  }};
  Value v = unpickle(files::read_file(folder + "legacy_main.pkl"), "legacy_main.pkl", hooks);
  ASSERT_TRUE(v.is_dict());
  ASSERT_EQ(v.to_dict()->entries.size(), expected.size());
  for (const auto& [key, value] : v.to_dict()->entries) {
    expect_tensor(value.to_tensor(), expected.at(key.to_string()), key.to_string());
  }
  const auto& entries = v.to_dict()->entries;
  EXPECT_EQ(entries[2].second.to_tensor().storage(), entries[3].second.to_tensor().storage());  // slice, whole
}

// The fuzz seeds for legacy ids (tests/fuzz/regressions/unpickle_fuzz/legacy_*.pkl, written by
// Python's pickler with the persistent ids torch's legacy saver writes) load or fail as stated.
TEST(PickleTest, LegacyIdFuzzSeedsLoadOrFailClearly) {
  std::string folder = files::required_env("TSRT_ROOT") + "/tests/fuzz/regressions/unpickle_fuzz/";
  auto load = [&](const std::string& name) {
    FakeStorages fake;
    return unpickle(files::read_file(folder + name), name, fake.hooks());
  };
  Value none = load("legacy_6field_none.pkl");
  EXPECT_EQ(none.to_list()->items[0].to_tensor().storage_offset(), 2);
  Value view = load("legacy_6field_view.pkl");
  EXPECT_EQ(view.to_tuple()->items[0].to_tensor().storage_offset(), 5);
  EXPECT_EQ(view.to_tuple()->items[1].to_tensor().numel(), 6);
  expect_error([&] { load("legacy_view_outside_storage.pkl"); }, "lies outside the storage of 12 elements");
  expect_error([&] { load("legacy_view_tensor_outside_view.pkl"); }, "reaches element 6 but the storage holds 6");
  expect_error([&] { load("legacy_view_metadata_malformed.pkl"); }, "must be None or (view_key, offset, size)");
  expect_error([&] { load("legacy_view_size_overflows.pkl"); }, "lies outside the storage");
}

TEST(PickleTest, ArchiveStorageLoaderChecksRecords) {
  archive::testing::ZipWriter writer;
  writer.add("m/data.pkl", "\x80\x02N.");
  writer.add("m/data/0", std::string(8, '\0'));
  writer.add("m/data/1", std::string(400, 'x'), true);
  auto zip = Archive::from_bytes(writer.finish(), "m.pt");
  auto load = [&](const std::string& key, int32_t numel) {
    Hooks hooks{archive_storage_loader(zip, "data/")};
    return unpickle(PickleBuilder().tensor("FloatStorage", key, numel, 0, {numel}, {1}).stop(), "m.pt:data.pkl", hooks);
  };
  EXPECT_EQ(load("0", 2).to_tensor().numel(), 2);
  expect_error([&] { load("0", 3); }, "m.pt: tensor record 'm/data/0' is truncated: holds 8 bytes, needs 3 float32 elements");
  expect_error([&] { load("5", 1); }, "tensor record 'm/data/5' is missing");
  expect_error([&] { load("1", 1); }, "entry 'm/data/1' is compressed");

  for (const char* order : {"little", "little\n", "big"}) {
    archive::testing::ZipWriter ordered;
    ordered.add("m/data.pkl", "\x80\x02N.");
    ordered.add("m/byteorder", order);
    auto zip_with_order = Archive::from_bytes(ordered.finish(), "order.pt");
    if (std::string(order) == "big") {
      expect_error([&] { archive_storage_loader(zip_with_order, "data/"); },
                   "order.pt: tensor data byte order 'big' is unsupported");
    } else {
      EXPECT_TRUE(static_cast<bool>(archive_storage_loader(zip_with_order, "data/")));
    }
  }
}

TEST(PickleTest, MalformedStreamsFailCleanly) {
  auto fails = [](const std::string& bytes, const std::string& needle) {
    expect_error([&] { unpickle(bytes, "m.pkl", Hooks{}); }, needle);
  };
  // Literals are split after each escape so hex escapes do not swallow the next opcode.
  fails("\x80\x02\xff."s, "m.pkl: unknown opcode 0xff at byte 2");
  fails("\x80\x02" "N"s, "no STOP opcode");
  fails(""s, "no STOP opcode");
  fails("\x80\x02" "."s, "STOP at byte 2: stack underflow");
  fails("\x80\x02" "Na."s, "APPEND at byte 3: stack underflow");
  fails("\x80\x02" "]Ne."s, "no MARK to pop to");
  fails("\x80\x02" "h\x05" "."s, "memo entry 5 was never stored");
  fails("\x80\x02" "X\xff\xff\xff\x7f"s, "BINUNICODE at byte 2: truncated: needs 2147483647 bytes, 0 left");
  fails("\x80\x02" "K"s, "truncated");
  fails("\x80\x02\x8a\x09\x01\x02\x03\x04\x05\x06\x07\x08\x09" "."s, "does not fit in 64 bits");
  fails("\x80\x07" "N."s, "unsupported pickle protocol 7");
  fails("\x80\x02" "ctorch\n"s, "unterminated name");
  fails("\x80\x02" "]q\x00" "h\x00" "a."s, "a container cannot contain itself");
  fails("\x80\x02" "NNN" "s."s, "SETITEM on a None");
  fails("\x80\x02" "}(NNN" "u."s, "odd number of items");
  // Mutating a list after nesting it (the way to build a cycle) is refused.
  fails("\x80\x02" "]q\x00" "]h\x00" "aq\x01" "h\x00" "h\x01" "a."s, "modified after being nested");
}

TEST(PickleTest, DeepNestingAndAmplificationAreBounded) {
  auto fails = [](const std::string& bytes, const std::string& needle) {
    expect_error([&] { unpickle(bytes, "deep.pkl", Hooks{}); }, needle);
  };
  fails("\x80\x02"s + std::string(100000, '(') + ".", "more than 1000 nested MARKs");
  fails("\x80\x02" "N"s + std::string(100000, '\x85') + ".", "nested deeper than 1000");
  std::string lists = "\x80\x02" "]q\x00"s;
  for (int i = 0; i < 5000; ++i) lists += "]h\x00" "aq\x00"s;
  fails(lists + ".", "nested deeper than 1000");
  std::string dicts = "\x80\x02"s;
  for (int i = 0; i < 5000; ++i) dicts += "}K\x01"s;  // dict, key, dict, key, ...
  dicts += "}";
  for (int i = 0; i < 5000; ++i) dicts += "s";
  fails(dicts + ".", "nested deeper than 1000");
  fails("\x80\x02"s + std::string(2000000, 'N') + ".", "values on the stack");
  std::string big = "\x80\x02" "X\x00\x00\x10\x00"s + std::string(1 << 20, 'a') + "q\x00"s;
  for (int i = 0; i < 100000; ++i) big += "h\x00"s;
  fails(big + ".", "too much data duplicated through the memo");
  // Within the limits, nesting works.
  std::string ok = "\x80\x02" "N"s + std::string(999, '\x85') + ".";
  EXPECT_TRUE(unpickle(ok, "ok.pkl", Hooks{}).is_tuple());
}

TEST(PickleTest, TruncatedAndBitFlippedPicklesFailCleanly) {
  json expected = files::load_expected();
  auto archive = Archive::open(files::file_path(find_file(expected, "features.pt")));
  std::string bytes = archive->read("data.pkl");
  Hooks hooks{archive_storage_loader(archive, "data/")};
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_THROW(unpickle(bytes.substr(0, cut), "cut.pkl", hooks), Error) << cut;
  }
  std::mt19937 rng(42);
  int refused = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    std::string damaged = bytes;
    int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) {
      size_t pos = rng() % damaged.size();
      damaged[pos] = static_cast<char>(damaged[pos] ^ (1 << (rng() % 8)));
    }
    try {
      unpickle(damaged, "flipped.pkl", hooks);
    } catch (const Error&) {
      ++refused;
    }
  }
  EXPECT_GT(refused, 1000);
}

}  // namespace
}  // namespace tsrt::pickle
