// TorchScript's str ops and value printing (`str(x)`, `"...".format(...)`). As in TorchScript,
// strings are byte strings: len() counts bytes and the character classes are ASCII's.
// Printing follows torch's IValue printer: a float with an integral value prints as "1.",
// other floats with 17 significant digits ("0.10000000000000001"), strings inside containers
// unquoted ("[a, b]").
//
// aten::format is vararg ("aten::format(str self, ...) -> str"). Calling convention for vararg
// ops: the executor pushes every actual input (the format string first) and then one extra int
// holding the number of inputs it pushed (the format string included); the kernel pops all of
// them and pushes the result.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

#include "kernels/registry.h"

namespace tsrt::kernels {

// Defined in list_ops.cc: Python's slice rules.
std::vector<size_t> python_slice_positions(const Value& start, const Value& end, int64_t step, size_t size);

namespace {

void print_double(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "nan";
  } else if (std::isinf(v)) {
    out += v > 0 ? "inf" : "-inf";
  } else if (v == std::floor(v) && std::fabs(v) < 9223372036854775808.0) {
    out += std::to_string(static_cast<int64_t>(v)) + ".";
  } else {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    out += buf;
  }
}

void print_value(std::string& out, const Value& v) {
  auto sequence = [&](const std::vector<Value>& items, const char* open, const char* close, bool tuple) {
    out += open;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ", ";
      print_value(out, items[i]);
    }
    if (tuple && items.size() == 1) out += ",";
    out += close;
  };
  switch (v.tag()) {
    case Value::Tag::None: out += "None"; break;
    case Value::Tag::Int: out += std::to_string(v.to_int()); break;
    case Value::Tag::Double: print_double(out, v.to_double()); break;
    case Value::Tag::Bool: out += v.to_bool() ? "True" : "False"; break;
    case Value::Tag::String: out += v.to_string(); break;
    case Value::Tag::Device: out += v.to_device().name; break;
    case Value::Tag::List: sequence(v.to_list()->items, "[", "]", false); break;
    case Value::Tag::Tuple: sequence(v.to_tuple()->items, "(", ")", true); break;
    case Value::Tag::Dict: {
      out += "{";
      bool first = true;
      for (const auto& [key, value] : v.to_dict()->entries) {
        if (!first) out += ", ";
        first = false;
        print_value(out, key);
        out += ": ";
        print_value(out, value);
      }
      out += "}";
      break;
    }
    // torch prints tensor contents here; tsrt prints the shape and dtype only.
    case Value::Tag::Tensor:
    case Value::Tag::Object: out += v.repr(); break;
  }
}

std::string to_str(const Value& v) {
  std::string out;
  print_value(out, v);
  return out;
}

// torch's [start, end) resolution for find/count/startswith/...: a negative end counts from one
// past the last byte, so the default end=-1 means "to the end".
std::pair<size_t, size_t> byte_range(size_t size, int64_t start, int64_t end) {
  int64_t n = static_cast<int64_t>(size);
  if (start < 0) start = std::max<int64_t>(0, n + start);
  if (end < 0) end = std::max<int64_t>(0, n + end + 1);
  start = std::min(start, n);
  end = std::min(end, n);
  return {static_cast<size_t>(start), static_cast<size_t>(std::max(start, end))};
}

// startswith/endswith resolve the range as byte_range does, except that an end before the
// start means "to the end of the string" in torch.
std::pair<size_t, size_t> affix_window(size_t size, int64_t start, int64_t end) {
  auto [b, e] = byte_range(size, start, end);
  int64_t n = static_cast<int64_t>(size);
  int64_t resolved_end = end < 0 ? std::max<int64_t>(0, n + end + 1) : end;
  if (resolved_end < static_cast<int64_t>(b)) e = size;
  return {b, e};
}

int64_t find_in(const std::string& s, const std::string& sub, int64_t start, int64_t end, bool last) {
  auto [b, e] = byte_range(s.size(), start, end);
  std::string window = s.substr(b, e - b);
  size_t pos = last ? window.rfind(sub) : window.find(sub);
  return pos == std::string::npos ? -1 : static_cast<int64_t>(pos + b);
}

template <typename CharFn>
std::string map_chars(std::string s, CharFn fn) {
  for (char& c : s) c = static_cast<char>(fn(static_cast<unsigned char>(c)));
  return s;
}

// Python's str.isX(): false on the empty string, else every byte satisfies the class.
template <typename CharPred>
bool all_chars(const std::string& s, CharPred pred) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) { return pred(static_cast<unsigned char>(c)) != 0; });
}

// Python's isupper/islower: at least one cased character and no character of the other case.
bool cased_only(const std::string& s, bool upper) {
  bool found = false;
  for (unsigned char c : s) {
    if (!std::isalpha(c)) continue;
    found = true;
    if (upper ? std::islower(c) : std::isupper(c)) return false;
  }
  return found;
}

std::string strip(const std::string& s, const std::string& chars, bool left, bool right) {
  size_t b = 0, e = s.size();
  if (left) {
    while (b < e && chars.find(s[b]) != std::string::npos) ++b;
  }
  if (right) {
    while (e > b && chars.find(s[e - 1]) != std::string::npos) --e;
  }
  return s.substr(b, e - b);
}

ListPtr str_list(std::vector<std::string> parts) {
  std::vector<Value> items;
  items.reserve(parts.size());
  for (auto& p : parts) items.emplace_back(std::move(p));
  return make_list(ir::Type::get(ir::TypeKind::Str), std::move(items));
}

// str.split() with no separator: runs of whitespace separate, leading/trailing ones vanish.
std::vector<std::string> split_whitespace(const std::string& s, int64_t max_splits) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (true) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size()) break;
    if (max_splits >= 0 && static_cast<int64_t>(parts.size()) == max_splits) {
      parts.push_back(strip(s.substr(i), " \t\n\r\f\v", false, true));
      break;
    }
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    parts.push_back(s.substr(i, j - i));
    i = j;
  }
  return parts;
}

std::vector<std::string> split_on(const std::string& s, const std::string& sep, int64_t max_splits) {
  TSRT_CHECK(!sep.empty(), "split: empty separator");
  std::vector<std::string> parts;
  size_t prev = 0, pos;
  while ((max_splits < 0 || static_cast<int64_t>(parts.size()) < max_splits) &&
         (pos = s.find(sep, prev)) != std::string::npos) {
    parts.push_back(s.substr(prev, pos - prev));
    prev = pos + sep.size();
  }
  parts.push_back(s.substr(prev));
  return parts;
}

std::vector<std::string> rsplit_on(const std::string& s, const std::string& sep, int64_t max_splits) {
  TSRT_CHECK(!sep.empty(), "rsplit: empty separator");
  std::vector<std::string> parts;
  size_t end = s.size();
  while (max_splits < 0 || static_cast<int64_t>(parts.size()) < max_splits) {
    if (end < sep.size()) break;
    size_t pos = s.rfind(sep, end - sep.size());
    if (pos == std::string::npos) break;
    parts.push_back(s.substr(pos + sep.size(), end - pos - sep.size()));
    end = pos;
  }
  parts.push_back(s.substr(0, end));
  std::reverse(parts.begin(), parts.end());
  return parts;
}

std::string pad(const std::string& s, int64_t width, const std::string& fill, int where /*-1 left,0 center,1 right*/) {
  TSRT_CHECK(fill.size() == 1, "The fill character must be exactly one character long");
  int64_t missing = width - static_cast<int64_t>(s.size());
  if (missing <= 0) return s;
  int64_t left = where < 0 ? 0 : where > 0 ? missing : missing / 2;
  // Python centres odd padding towards the right unless the width is odd.
  if (where == 0 && (missing % 2) && (width % 2)) left = missing - missing / 2;
  return std::string(static_cast<size_t>(left), fill[0]) + s +
         std::string(static_cast<size_t>(missing - left), fill[0]);
}

std::string replace(const std::string& s, const std::string& old, const std::string& repl, int64_t max_count) {
  std::string out;
  size_t prev = 0;
  int64_t done = 0;
  if (old.empty()) {  // Python inserts `repl` before every byte and at the end
    for (size_t i = 0; i <= s.size(); ++i) {
      if (max_count < 0 || done < max_count) {
        out += repl;
        ++done;
      }
      if (i < s.size()) out += s[i];
    }
    return out;
  }
  size_t pos;
  while ((max_count < 0 || done < max_count) && (pos = s.find(old, prev)) != std::string::npos) {
    out += s.substr(prev, pos - prev) + repl;
    prev = pos + old.size();
    ++done;
  }
  return out + s.substr(prev);
}

void push_strings(Stack& s, size_t n_inputs, std::vector<std::string> results) {
  s.resize(s.size() - n_inputs);
  for (auto& r : results) s.emplace_back(std::move(r));
}

}  // namespace

TSRT_REGISTER_KERNELS(string_ops) {
  r.add("aten::str(t elem) -> str", [](const Args& a) { return Value(to_str(a[0])); });
  r.add_stack("aten::format(str self, ...) -> str", [](Stack& s) {
    TSRT_CHECK(!s.empty() && s.back().is_int(), "aten::format: the stack must end with the number of inputs");
    int64_t n_inputs = s.back().to_int();
    TSRT_CHECK(n_inputs >= 1 && static_cast<size_t>(n_inputs) + 1 <= s.size(),
          "aten::format: bad input count " + std::to_string(n_inputs));
    s.pop_back();
    size_t first = s.size() - static_cast<size_t>(n_inputs);
    const std::string& fmt = s[first].to_string();
    std::string out;
    size_t begin = 0, next_arg = first + 1;
    for (size_t loc; (loc = fmt.find("{}", begin)) != std::string::npos; begin = loc + 2) {
      TSRT_CHECK(next_arg < s.size(), "Too few arguments for format string: " + fmt);
      out += fmt.substr(begin, loc - begin);
      print_value(out, s[next_arg++]);
    }
    out += fmt.substr(begin);
    s.resize(first);
    s.emplace_back(std::move(out));
  });

  r.add("aten::len.str(str s) -> int",
        [](const Args& a) { return Value(static_cast<int64_t>(a.to_string(0).size())); });
  auto char_at = [](const Args& a) {
    const std::string& s = a.to_string(0);
    int64_t n = static_cast<int64_t>(s.size());
    int64_t i = a.to_int(1) < 0 ? a.to_int(1) + n : a.to_int(1);
    TSRT_CHECK(i >= 0 && i < n, "string index out of range (index " + std::to_string(a.to_int(1)) + ", length " +
                               std::to_string(n) + ")");
    return Value(std::string(1, s[static_cast<size_t>(i)]));
  };
  r.add("aten::__getitem__.str(str s, int index) -> str", char_at);
  r.add("prim::StringIndex(str string, int index) -> str", char_at);
  r.add("aten::add.str(str a, str b) -> str", [](const Args& a) { return Value(a.to_string(0) + a.to_string(1)); });
  r.add("aten::slice.str(str string, int? start=None, int? end=None, int step=1) -> str", [](const Args& a) {
    const std::string& s = a.to_string(0);
    std::string out;
    for (size_t i : python_slice_positions(a[1], a[2], a.to_int(3), s.size())) out += s[i];
    return Value(out);
  });
  r.add("aten::list(str t) -> str[]", [](const Args& a) {
    std::vector<std::string> chars;
    for (char c : a.to_string(0)) chars.emplace_back(1, c);
    return Value(str_list(std::move(chars)));
  });

  r.add("aten::lower(str self) -> str", [](const Args& a) { return Value(map_chars(a.to_string(0), ::tolower)); });
  r.add("aten::upper(str self) -> str", [](const Args& a) { return Value(map_chars(a.to_string(0), ::toupper)); });
  r.add("aten::swapcase(str self) -> str", [](const Args& a) {
    return Value(map_chars(a.to_string(0), [](int c) { return std::isupper(c) ? std::tolower(c) : std::toupper(c); }));
  });
  r.add("aten::capitalize(str self) -> str", [](const Args& a) {
    std::string s = map_chars(a.to_string(0), ::tolower);
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return Value(s);
  });
  r.add("aten::title(str self) -> str", [](const Args& a) {
    std::string s = a.to_string(0);
    bool after_letter = false;
    for (char& c : s) {
      unsigned char u = static_cast<unsigned char>(c);
      c = static_cast<char>(after_letter ? std::tolower(u) : std::toupper(u));
      after_letter = std::isalpha(u) != 0;
    }
    return Value(s);
  });
  // The default `chars` holds real whitespace characters (torch's schema text spells them
  // as escapes), so a frontend filling in the default gets the right set.
  r.add("aten::strip(str self, str chars=\" \n\t\f\v\") -> str",
        [](const Args& a) { return Value(strip(a.to_string(0), a.to_string(1), true, true)); });
  r.add("aten::lstrip(str self, str chars=\" \n\t\f\v\") -> str",
        [](const Args& a) { return Value(strip(a.to_string(0), a.to_string(1), true, false)); });
  r.add("aten::rstrip(str self, str chars=\" \n\t\f\v\") -> str",
        [](const Args& a) { return Value(strip(a.to_string(0), a.to_string(1), false, true)); });

  r.add("aten::split.str(str self, str? separator=None, int max=-1) -> str[]", [](const Args& a) {
    if (a[1].is_none()) return Value(str_list(split_whitespace(a.to_string(0), a.to_int(2))));
    return Value(str_list(split_on(a.to_string(0), a.to_string(1), a.to_int(2))));
  });
  r.add("aten::rsplit(str self, str separator=\" \", int max=-1) -> str[]", [](const Args& a) {
    return Value(str_list(rsplit_on(a.to_string(0), a.to_string(1), a.to_int(2))));
  });
  r.add("aten::splitlines(str self, bool keepends=False) -> str[]", [](const Args& a) {
    // torch's own rule, which differs from Python's: every delimiter byte ends a line ("\r\n"
    // is two breaks), keepends adds each delimiter as a separate item, and the bytes of the
    // UTF-8 encodings of U+2028/U+2029 count as delimiters one by one.
    static const std::string delimiters = "\n\r\v\f\x1c\x1d\x1e\x85\xe2\x80\xa8\xa9";
    const std::string& s = a.to_string(0);
    bool keepends = a.to_bool(1);
    std::vector<std::string> lines;
    size_t prev = 0, pos = 0;
    while ((pos = s.find_first_of(delimiters, pos)) != std::string::npos) {
      lines.push_back(s.substr(prev, pos - prev));
      if (keepends) lines.push_back(s.substr(pos, 1));
      prev = ++pos;
    }
    if (prev != s.size()) lines.push_back(s.substr(prev));
    return Value(str_list(std::move(lines)));
  });
  r.add("aten::join(str self, str[] values) -> str", [](const Args& a) {
    std::string out;
    const auto& items = a[1].to_list()->items;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += a.to_string(0);
      out += items[i].to_string();
    }
    return Value(out);
  });
  r.add("aten::startswith(str self, str substr, int start=0, int end=-1) -> bool", [](const Args& a) {
    const std::string& s = a.to_string(0);
    const std::string& sub = a.to_string(1);
    auto [b, e] = affix_window(s.size(), a.to_int(2), a.to_int(3));
    return Value(e - b >= sub.size() && s.compare(b, sub.size(), sub) == 0);
  });
  r.add("aten::endswith(str self, str substr, int start=0, int end=-1) -> bool", [](const Args& a) {
    const std::string& s = a.to_string(0);
    const std::string& sub = a.to_string(1);
    auto [b, e] = affix_window(s.size(), a.to_int(2), a.to_int(3));
    return Value(e - b >= sub.size() && s.compare(e - sub.size(), sub.size(), sub) == 0);
  });
  r.add("aten::find(str self, str substr, int start=0, int end=-1) -> int", [](const Args& a) {
    return Value(find_in(a.to_string(0), a.to_string(1), a.to_int(2), a.to_int(3), false));
  });
  r.add("aten::rfind(str self, str substr, int start=0, int end=-1) -> int", [](const Args& a) {
    return Value(find_in(a.to_string(0), a.to_string(1), a.to_int(2), a.to_int(3), true));
  });
  r.add("aten::index.str(str self, str substr, int start=0, int end=-1) -> int", [](const Args& a) {
    int64_t pos = find_in(a.to_string(0), a.to_string(1), a.to_int(2), a.to_int(3), false);
    TSRT_CHECK(pos >= 0, "ValueError: substring not found");
    return Value(pos);
  });
  r.add("aten::rindex(str self, str substr, int start=0, int end=-1) -> int", [](const Args& a) {
    int64_t pos = find_in(a.to_string(0), a.to_string(1), a.to_int(2), a.to_int(3), true);
    TSRT_CHECK(pos >= 0, "ValueError: substring not found");
    return Value(pos);
  });
  r.add("aten::count(str self, str substr, int start=0, int end=-1) -> int", [](const Args& a) {
    const std::string& s = a.to_string(0);
    const std::string& sub = a.to_string(1);
    auto [b, e] = byte_range(s.size(), a.to_int(2), a.to_int(3));
    int64_t n = 0;
    // As torch: a match counts when it starts before `end`, even if it runs past it.
    for (size_t pos = b; (pos = s.find(sub, pos)) != std::string::npos && pos < e;
         pos += std::max<size_t>(sub.size(), 1)) {
      ++n;
    }
    return Value(n);
  });
  r.add("aten::replace(str self, str old, str new, int max=-1) -> str", [](const Args& a) {
    return Value(replace(a.to_string(0), a.to_string(1), a.to_string(2), a.to_int(3)));
  });
  r.add_stack("aten::partition(str self, str separator) -> (str, str, str)", [](Stack& s) {
    std::string str = s[s.size() - 2].to_string(), sep = s.back().to_string();
    TSRT_CHECK(!sep.empty(), "partition: empty separator");
    size_t pos = str.find(sep);
    if (pos == std::string::npos) return push_strings(s, 2, {str, "", ""});
    push_strings(s, 2, {str.substr(0, pos), sep, str.substr(pos + sep.size())});
  });
  r.add_stack("aten::rpartition(str self, str separator) -> (str, str, str)", [](Stack& s) {
    std::string str = s[s.size() - 2].to_string(), sep = s.back().to_string();
    TSRT_CHECK(!sep.empty(), "rpartition: empty separator");
    size_t pos = str.rfind(sep);
    if (pos == std::string::npos) return push_strings(s, 2, {"", "", str});
    push_strings(s, 2, {str.substr(0, pos), sep, str.substr(pos + sep.size())});
  });
  r.add("aten::center(str self, int width, str fillchar=\" \") -> str",
        [](const Args& a) { return Value(pad(a.to_string(0), a.to_int(1), a.to_string(2), 0)); });
  r.add("aten::ljust(str self, int width, str fillchar=\" \") -> str",
        [](const Args& a) { return Value(pad(a.to_string(0), a.to_int(1), a.to_string(2), -1)); });
  r.add("aten::rjust(str self, int width, str fillchar=\" \") -> str",
        [](const Args& a) { return Value(pad(a.to_string(0), a.to_int(1), a.to_string(2), 1)); });
  r.add("aten::zfill(str self, int width) -> str", [](const Args& a) {
    std::string s = a.to_string(0);
    int64_t missing = a.to_int(1) - static_cast<int64_t>(s.size());
    if (missing <= 0) return Value(s);
    // torch pads in front of a sign too ("-42" -> "00-42"), unlike Python.
    return Value(std::string(static_cast<size_t>(missing), '0') + s);
  });
  r.add("aten::expandtabs(str self, int tabsize=8) -> str", [](const Args& a) {
    int64_t tab = a.to_int(1);
    std::string out;
    int64_t column = 0;
    for (char c : a.to_string(0)) {
      if (c == '\t') {
        if (tab <= 0) continue;
        do {
          out += ' ';
          ++column;
        } while (column % tab);
      } else {
        out += c;
        column = (c == '\n' || c == '\r') ? 0 : column + 1;
      }
    }
    return Value(out);
  });

  r.add("aten::isdigit(str self) -> bool", [](const Args& a) { return Value(all_chars(a.to_string(0), ::isdigit)); });
  r.add("aten::isdecimal(str self) -> bool", [](const Args& a) { return Value(all_chars(a.to_string(0), ::isdigit)); });
  r.add("aten::isnumeric(str self) -> bool", [](const Args& a) { return Value(all_chars(a.to_string(0), ::isdigit)); });
  r.add("aten::isspace(str self) -> bool", [](const Args& a) { return Value(all_chars(a.to_string(0), ::isspace)); });
  r.add("aten::isalpha(str self) -> bool", [](const Args& a) { return Value(all_chars(a.to_string(0), ::isalpha)); });
  r.add("aten::isalnum(str self) -> bool", [](const Args& a) { return Value(all_chars(a.to_string(0), ::isalnum)); });
  r.add("aten::isupper(str self) -> bool", [](const Args& a) { return Value(cased_only(a.to_string(0), true)); });
  r.add("aten::islower(str self) -> bool", [](const Args& a) { return Value(cased_only(a.to_string(0), false)); });
  r.add("aten::isprintable(str self) -> bool", [](const Args& a) {
    const std::string& s = a.to_string(0);
    return Value(std::all_of(s.begin(), s.end(), [](char c) { return std::isprint(static_cast<unsigned char>(c)) != 0; }));
  });
  r.add("aten::isidentifier(str self) -> bool", [](const Args& a) {
    const std::string& s = a.to_string(0);
    // torch's (Python 2 style) rule: letters and digits only, not starting with a digit.
    bool ok = !s.empty() && !std::isdigit(static_cast<unsigned char>(s[0]));
    for (unsigned char c : s) ok = ok && std::isalnum(c);
    return Value(ok);
  });
  r.add("aten::istitle(str self) -> bool", [](const Args& a) {
    bool after_letter = false, any_cased = false;
    for (unsigned char c : a.to_string(0)) {
      if (std::isupper(c)) {
        if (after_letter) return Value(false);
        any_cased = true;
      } else if (std::islower(c)) {
        if (!after_letter) return Value(false);
        any_cased = true;
      }
      after_letter = std::isalpha(c) != 0;
    }
    return Value(any_cased);
  });

  auto in_base = [](int64_t v, int base, const char* prefix) {
    static const char digits[] = "0123456789abcdef";
    uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    std::string out;
    do {
      out.insert(out.begin(), digits[magnitude % static_cast<uint64_t>(base)]);
      magnitude /= static_cast<uint64_t>(base);
    } while (magnitude);
    return Value((v < 0 ? "-" : "") + std::string(prefix) + out);
  };
  r.add("aten::bin(int i) -> str", [in_base](const Args& a) { return in_base(a.to_int(0), 2, "0b"); });
  r.add("aten::hex(int i) -> str", [in_base](const Args& a) { return in_base(a.to_int(0), 16, "0x"); });
  r.add("aten::oct(int i) -> str", [in_base](const Args& a) { return in_base(a.to_int(0), 8, "0o"); });
  r.add("aten::chr(int i) -> str", [](const Args& a) {
    int64_t c = a.to_int(0);
    TSRT_CHECK(c >= 0 && c < 128, "chr(): tsrt supports ASCII code points (0-127), got " + std::to_string(c));
    return Value(std::string(1, static_cast<char>(c)));
  });
  r.add("aten::ord(str string) -> int", [](const Args& a) {
    const std::string& s = a.to_string(0);
    TSRT_CHECK(s.size() == 1, "ord() expected a character, but string of length " + std::to_string(s.size()) + " found");
    return Value(static_cast<int64_t>(static_cast<unsigned char>(s[0])));
  });
}

}  // namespace tsrt::kernels
