// Linear algebra: einsum (and tensordot, inner, trace through it or its pieces), outer/ger,
// cross/linalg_cross, inverse, solve, determinant and its logarithm (slogdet, logdet).
//
// einsum follows torch's own plan: diagonals for repeated labels, labels private to one operand
// summed out, then operands contracted left to right, each pair as permute + reshape + bmm.
// inverse and det use Eigen's LU with partial pivoting, as torch's LAPACK getrf does.
#include <Eigen/Dense>
#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ir/shape_rule.h"
#include "kernels/common/elementwise_loops.h"
#include "kernels/common/op_calls.h"
#include "kernels/common/shape_util.h"
#include "kernels/registry.h"
#include "runtime/error.h"

namespace tsrt::kernels {
namespace {

// ---- einsum -------------------------------------------------------------------------------------

constexpr int kLetters = 52;  // A-Z then a-z; ellipsis dims are labels kLetters + k

int letter_label(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return 26 + (c - 'a');
  throw Error(std::string("einsum(): invalid subscript given in the equation string, subscripts must be in [a-zA-Z]"
                          " but got '") +
              c + "'");
}

// One term of the equation: its letters, and where "..." stands among them (-1: absent).
struct Term {
  std::vector<int> letters;
  int ellipsis_at = -1;
};

Term parse_term(const std::string& s) {
  Term t;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      TSRT_CHECK(s.compare(i, 3, "...") == 0, "einsum(): found '.' that is not part of any ellipsis ('...')");
      TSRT_CHECK(t.ellipsis_at < 0, "einsum(): found more than one ellipsis ('...') in one subscript");
      t.ellipsis_at = static_cast<int>(t.letters.size());
      i += 2;
    } else {
      t.letters.push_back(letter_label(s[i]));
    }
  }
  return t;
}

// An operand during the contraction: a tensor and the label of each of its dims.
struct Labeled {
  Tensor t;
  std::vector<int> labels;
};

Tensor permuted(const Tensor& t, const std::vector<int64_t>& order) {
  return run_tensor_op("aten::permute", {t, int_list_value(Shape(order.begin(), order.end()))});
}

Tensor reshaped(const Tensor& t, const Shape& shape) {
  return run_tensor_op("aten::reshape", {t, int_list_value(shape)});
}

// Sums the dims of `x` at `positions` and drops their labels.
void sum_out(Labeled& x, const std::vector<int64_t>& positions) {
  if (positions.empty()) return;
  x.t = run_tensor_op("aten::sum.dim_IntList",
                      {x.t, int_list_value(Shape(positions.begin(), positions.end())), false, Value()});
  std::vector<int> kept;
  for (size_t d = 0; d < x.labels.size(); ++d) {
    if (std::find(positions.begin(), positions.end(), static_cast<int64_t>(d)) == positions.end()) {
      kept.push_back(x.labels[d]);
    }
  }
  x.labels = kept;
}

// Replaces every label repeated within one operand by its diagonal.
void take_diagonals(Labeled& x) {
  for (bool again = true; again;) {
    again = false;
    for (size_t i = 0; i < x.labels.size() && !again; ++i) {
      for (size_t j = i + 1; j < x.labels.size() && !again; ++j) {
        if (x.labels[i] != x.labels[j]) continue;
        TSRT_CHECK(x.t.size(static_cast<int64_t>(i)) == x.t.size(static_cast<int64_t>(j)),
                   "einsum(): subscript repeated in one operand must have the same size, got " +
                       std::to_string(x.t.size(static_cast<int64_t>(i))) + " and " +
                       std::to_string(x.t.size(static_cast<int64_t>(j))));
        // diagonal() drops both dims and appends the diagonal as the last one.
        x.t = run_tensor_op("aten::diagonal", {x.t, int64_t{0}, static_cast<int64_t>(i), static_cast<int64_t>(j)});
        int label = x.labels[i];
        x.labels.erase(x.labels.begin() + static_cast<std::ptrdiff_t>(j));
        x.labels.erase(x.labels.begin() + static_cast<std::ptrdiff_t>(i));
        x.labels.push_back(label);
        again = true;
      }
    }
  }
}

int64_t position_of(const std::vector<int>& labels, int label) {
  auto it = std::find(labels.begin(), labels.end(), label);
  return it == labels.end() ? -1 : static_cast<int64_t>(it - labels.begin());
}

// Contracts two operands over the labels they share that nothing later needs; shared labels
// still needed become batch dims of one bmm.
Labeled contract_pair(const Labeled& a, const Labeled& b, const std::vector<bool>& needed_later) {
  std::vector<int> batch, left, right, summed;
  for (int l : a.labels) {
    bool in_b = position_of(b.labels, l) >= 0;
    if (in_b)
      (needed_later[static_cast<size_t>(l)] ? batch : summed).push_back(l);
    else
      left.push_back(l);
  }
  for (int l : b.labels) {
    if (position_of(a.labels, l) < 0) right.push_back(l);
  }
  // Shared labels may broadcast (size 1 against n): both sides are expanded to the larger size.
  auto size_in = [](const Labeled& x, int l) { return x.t.size(position_of(x.labels, l)); };
  auto group_size = [&](const std::vector<int>& group, bool shared, const Labeled& x) {
    Shape s;
    for (int l : group) s.push_back(shared ? std::max(size_in(a, l), size_in(b, l)) : size_in(x, l));
    return s;
  };
  Shape batch_sizes = group_size(batch, true, a), sum_sizes = group_size(summed, true, a);
  Shape left_sizes = group_size(left, false, a), right_sizes = group_size(right, false, b);
  for (int l : batch) {
    TSRT_CHECK(size_in(a, l) == size_in(b, l) || size_in(a, l) == 1 || size_in(b, l) == 1,
               "einsum(): operands do not broadcast with remapped shapes: subscript of size " +
                   std::to_string(size_in(a, l)) + " against " + std::to_string(size_in(b, l)));
  }
  for (int l : summed) {
    TSRT_CHECK(size_in(a, l) == size_in(b, l) || size_in(a, l) == 1 || size_in(b, l) == 1,
               "einsum(): operands do not broadcast with remapped shapes: subscript of size " +
                   std::to_string(size_in(a, l)) + " against " + std::to_string(size_in(b, l)));
  }
  auto arrange = [&](const Labeled& x, const std::vector<const std::vector<int>*>& groups,
                     const std::vector<const Shape*>& sizes) {
    std::vector<int64_t> order;
    Shape full, flat;
    for (size_t g = 0; g < groups.size(); ++g) {
      for (size_t k = 0; k < groups[g]->size(); ++k) {
        order.push_back(position_of(x.labels, (*groups[g])[k]));
        full.push_back((*sizes[g])[k]);
      }
      flat.push_back(product(*sizes[g]));
    }
    Tensor t = permuted(x.t, order);
    t = run_tensor_op("aten::expand", {t, int_list_value(full), false});
    return reshaped(t, flat);
  };
  Tensor a3 = arrange(a, {&batch, &left, &summed}, {&batch_sizes, &left_sizes, &sum_sizes});
  Tensor b3 = arrange(b, {&batch, &summed, &right}, {&batch_sizes, &sum_sizes, &right_sizes});
  Tensor product3 = run_tensor_op("aten::bmm", {a3, b3});
  Labeled out;
  Shape out_sizes = batch_sizes;
  out_sizes.insert(out_sizes.end(), left_sizes.begin(), left_sizes.end());
  out_sizes.insert(out_sizes.end(), right_sizes.begin(), right_sizes.end());
  out.t = reshaped(product3, out_sizes);
  out.labels = batch;
  out.labels.insert(out.labels.end(), left.begin(), left.end());
  out.labels.insert(out.labels.end(), right.begin(), right.end());
  return out;
}

Tensor einsum(std::string equation, const std::vector<Tensor>& operands) {
  equation.erase(std::remove(equation.begin(), equation.end(), ' '), equation.end());
  const size_t arrow = equation.find("->");
  const std::string lhs = equation.substr(0, arrow);
  std::vector<Term> terms;
  for (size_t begin = 0;;) {
    size_t comma = lhs.find(',', begin);
    terms.push_back(parse_term(lhs.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin)));
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  TSRT_CHECK(terms.size() == operands.size(), "einsum(): " + std::to_string(terms.size()) +
                                                  " operands were specified in the equation but " +
                                                  std::to_string(operands.size()) + " tensors were given");
  TSRT_CHECK(!operands.empty(), "einsum(): must provide at least one operand");
  // Each operand's labels; ellipsis dims are right-aligned across operands (they broadcast).
  int64_t ellipsis_dims = 0;
  for (size_t i = 0; i < terms.size(); ++i) {
    const int64_t letters = static_cast<int64_t>(terms[i].letters.size());
    const int64_t rank = operands[i].dim();
    if (terms[i].ellipsis_at < 0) {
      TSRT_CHECK(rank == letters, "einsum(): the number of subscripts in the equation (" + std::to_string(letters) +
                                      ") does not match the number of dimensions (" + std::to_string(rank) +
                                      ") for operand " + std::to_string(i) + " and no ellipsis was given");
    } else {
      TSRT_CHECK(rank >= letters, "einsum(): the number of subscripts in the equation (" + std::to_string(letters) +
                                      ") is more than the number of dimensions (" + std::to_string(rank) +
                                      ") for operand " + std::to_string(i));
      ellipsis_dims = std::max(ellipsis_dims, rank - letters);
    }
  }
  std::vector<Labeled> xs;
  std::vector<int> count(static_cast<size_t>(kLetters + ellipsis_dims), 0);
  for (size_t i = 0; i < terms.size(); ++i) {
    Labeled x{operands[i], {}};
    const Term& term = terms[i];
    const int64_t own = operands[i].dim() - static_cast<int64_t>(term.letters.size());
    for (size_t k = 0; k <= term.letters.size(); ++k) {
      if (static_cast<int>(k) == term.ellipsis_at) {
        for (int64_t e = 0; e < own; ++e) x.labels.push_back(static_cast<int>(kLetters + ellipsis_dims - own + e));
      }
      if (k < term.letters.size()) x.labels.push_back(term.letters[k]);
    }
    for (int l : x.labels) ++count[static_cast<size_t>(l)];
    xs.push_back(std::move(x));
  }
  std::vector<int> output;
  if (arrow == std::string::npos) {
    // Implicit output: the ellipsis dims, then the letters used exactly once, in label order.
    for (int64_t e = 0; e < ellipsis_dims; ++e) output.push_back(static_cast<int>(kLetters + e));
    for (int l = 0; l < kLetters; ++l) {
      if (count[static_cast<size_t>(l)] == 1) output.push_back(l);
    }
  } else {
    Term out_term = parse_term(equation.substr(arrow + 2));
    for (size_t k = 0; k <= out_term.letters.size(); ++k) {
      if (static_cast<int>(k) == out_term.ellipsis_at) {
        for (int64_t e = 0; e < ellipsis_dims; ++e) output.push_back(static_cast<int>(kLetters + e));
      }
      if (k < out_term.letters.size()) {
        int l = out_term.letters[k];
        TSRT_CHECK(count[static_cast<size_t>(l)] > 0, std::string("einsum(): output subscript ") +
                                                          equation[arrow + 2 + k] +
                                                          " does not appear in the equation for any input operand");
        TSRT_CHECK(position_of(output, l) < 0, std::string("einsum(): output subscript ") + equation[arrow + 2 + k] +
                                                   " appears more than once in the output");
        output.push_back(l);
      }
    }
  }
  std::vector<bool> in_output(count.size(), false);
  for (int l : output) in_output[static_cast<size_t>(l)] = true;
  for (Labeled& x : xs) take_diagonals(x);
  // Labels used by one operand only (and not in the output) are summed out at once.
  std::vector<int> operands_with(count.size(), 0);
  for (const Labeled& x : xs) {
    for (int l : x.labels) ++operands_with[static_cast<size_t>(l)];
  }
  for (Labeled& x : xs) {
    std::vector<int64_t> private_dims;
    for (size_t d = 0; d < x.labels.size(); ++d) {
      int l = x.labels[d];
      if (operands_with[static_cast<size_t>(l)] == 1 && !in_output[static_cast<size_t>(l)]) {
        private_dims.push_back(static_cast<int64_t>(d));
      }
    }
    sum_out(x, private_dims);
  }
  Labeled result = xs[0];
  for (size_t i = 1; i < xs.size(); ++i) {
    std::vector<bool> needed = in_output;
    for (size_t k = i + 1; k < xs.size(); ++k) {
      for (int l : xs[k].labels) needed[static_cast<size_t>(l)] = true;
    }
    result = contract_pair(result, xs[i], needed);
  }
  // Output labels an operand lacked (a broadcast ellipsis dim) come back as size-1 dims.
  std::vector<int64_t> order;
  for (int l : output) {
    int64_t p = position_of(result.labels, l);
    if (p < 0) {
      result.t = run_tensor_op("aten::unsqueeze", {result.t, result.t.dim()});
      result.labels.push_back(l);
      p = result.t.dim() - 1;
    }
    order.push_back(p);
  }
  return permuted(result.t, order);
}

// einsum(op0, sublist0, op1, sublist1, ..., [output sublist]): integer labels 0-25 stand for
// A-Z and 26-51 for a-z, as in torch; the call becomes the equivalent equation.
void einsum_sublist(Stack& s) {
  TSRT_CHECK(!s.empty() && s.back().is_int(), "aten::einsum.sublist: the stack must end with the number of inputs");
  const int64_t count = s.back().to_int();
  s.pop_back();
  TSRT_CHECK(
      count >= 2 && static_cast<size_t>(count) <= s.size(),
      "aten::einsum.sublist: expected operands each followed by its sublist, got " + std::to_string(count) + " inputs");
  const size_t first = s.size() - static_cast<size_t>(count);
  auto term = [](const Value& sublist) {
    std::string letters;
    for (const Value& v : sublist.to_list()->items) {
      const int64_t label = v.to_int();
      TSRT_CHECK(
          label >= 0 && label < kLetters,
          "einsum(): subscript in subscript list is not within the valid range [0, 52), got " + std::to_string(label));
      letters += static_cast<char>(label < 26 ? 'A' + label : 'a' + (label - 26));
    }
    return letters;
  };
  std::vector<Tensor> operands;
  std::string equation;
  size_t i = first;
  for (; i + 1 < s.size(); i += 2) {
    operands.push_back(s[i].to_tensor());
    equation += (operands.size() > 1 ? "," : "") + term(s[i + 1]);
  }
  if (i < s.size()) equation += "->" + term(s[i]);
  Tensor out = einsum(equation, operands);
  s.resize(first);
  s.emplace_back(out);
}

// tensordot as the einsum it is: self's dims take labels in order, other's contracted dims reuse
// the labels of the self dims they pair with; the result lists self's free dims, then other's.
Tensor tensordot(const Tensor& a, const Tensor& b, const Shape& dims_a, const Shape& dims_b) {
  TSRT_CHECK(dims_a.size() == dims_b.size(), "tensordot: both dimension lists should have same length, got " +
                                                 std::to_string(dims_a.size()) + " and " +
                                                 std::to_string(dims_b.size()));
  TSRT_CHECK(a.dim() + b.dim() <= kLetters, "tensordot: at most 52 dims in all are supported");
  auto letter = [](int64_t label) { return static_cast<char>(label < 26 ? 'A' + label : 'a' + (label - 26)); };
  std::vector<int64_t> label_b(static_cast<size_t>(b.dim()), -1);
  std::vector<bool> contracted_a(static_cast<size_t>(a.dim()), false);
  for (size_t k = 0; k < dims_a.size(); ++k) {
    const int64_t da = wrap_dim(dims_a[k], a.dim()), db = wrap_dim(dims_b[k], b.dim());
    TSRT_CHECK(a.size(da) == b.size(db) || a.size(da) == 1 || b.size(db) == 1,
               "tensordot: contracted dimensions need to match, but first has size " + std::to_string(a.size(da)) +
                   " in dim " + std::to_string(da) + " and second has size " + std::to_string(b.size(db)) + " in dim " +
                   std::to_string(db));
    TSRT_CHECK(!contracted_a[static_cast<size_t>(da)] && label_b[static_cast<size_t>(db)] < 0,
               "tensordot: a dim is contracted twice");
    contracted_a[static_cast<size_t>(da)] = true;
    label_b[static_cast<size_t>(db)] = da;
  }
  std::string lhs_a, lhs_b, out;
  for (int64_t d = 0; d < a.dim(); ++d) {
    lhs_a += letter(d);
    if (!contracted_a[static_cast<size_t>(d)]) out += letter(d);
  }
  for (int64_t d = 0, next = a.dim(); d < b.dim(); ++d) {
    int64_t& label = label_b[static_cast<size_t>(d)];
    if (label < 0) {
      label = next++;
      out += letter(label);
    }
    lhs_b += letter(label);
  }
  return einsum(lhs_a + "," + lhs_b + "->" + out, {a, b});
}

// ---- cross ---------------------------------------------------------------------------------------

Tensor cross(const Tensor& a_in, const Tensor& b_in, std::optional<int64_t> dim_arg, const char* op) {
  TSRT_CHECK(a_in.dim() == b_in.dim(), std::string(op) + ": inputs must have the same number of dimensions, got " +
                                           a_in.shape_string() + " and " + b_in.shape_string());
  Shape shape = broadcast_shapes(a_in.sizes(), b_in.sizes());
  int64_t dim = -1;
  if (dim_arg) {
    dim = wrap_dim(*dim_arg, static_cast<int64_t>(shape.size()));
  } else {
    // The legacy default: the first dim of size 3.
    for (size_t d = 0; d < shape.size() && dim < 0; ++d) {
      if (shape[d] == 3) dim = static_cast<int64_t>(d);
    }
    TSRT_CHECK(dim >= 0, std::string(op) + ": no dimension of size 3 in input");
  }
  TSRT_CHECK(a_in.size(dim) == 3 && b_in.size(dim) == 3, std::string(op) + ": inputs dimension " + std::to_string(dim) +
                                                             " must have length 3, got " + a_in.shape_string() +
                                                             " and " + b_in.shape_string());
  Tensor a = expand_to(a_in, shape), b = expand_to(b_in, shape);
  auto part = [&](const Tensor& t, int64_t i) { return run_tensor_op("aten::narrow", {t, dim, i, int64_t{1}}); };
  auto term = [&](int64_t i, int64_t j) {
    Tensor first = run_tensor_op("aten::mul.Tensor", {part(a, i), part(b, j)});
    Tensor second = run_tensor_op("aten::mul.Tensor", {part(a, j), part(b, i)});
    return Value(run_tensor_op("aten::sub.Tensor", {first, second, int64_t{1}}));
  };
  Value parts(make_list(ir::Type::get(ir::TypeKind::Tensor), {term(1, 2), term(2, 0), term(0, 1)}));
  return run_tensor_op("aten::cat", {parts, dim});
}

// ---- inverse and determinant ---------------------------------------------------------------------

void check_square_float(const Tensor& a, const char* op) {
  TSRT_CHECK(a.dim() >= 2, std::string(op) + ": The input tensor A must have at least 2 dimensions.");
  TSRT_CHECK(a.size(-1) == a.size(-2), std::string(op) + ": A must be batches of square matrices, but they are " +
                                           std::to_string(a.size(-2)) + " by " + std::to_string(a.size(-1)) +
                                           " matrices");
  TSRT_CHECK(a.dtype() == DType::Float32 || a.dtype() == DType::Float64,
             std::string(op) + ": Expected a floating point tensor as input. Got " + dtype_name(a.dtype()));
}

int64_t batch_count(const Tensor& a) { return product(Shape(a.sizes().begin(), a.sizes().end() - 2)); }

// The inverse and LAPACK's info per matrix (0, or the 1-based index of the first zero pivot).
std::pair<Tensor, Tensor> inverse(const Tensor& a, bool check_errors, const char* op) {
  check_square_float(a, op);
  Tensor out = Tensor::empty(a.sizes(), a.dtype());
  Shape batch(a.sizes().begin(), a.sizes().end() - 2);
  Tensor info = Tensor::zeros(batch, DType::Int32);
  const int64_t n = a.size(-1);
  auto run = [&](auto tag) {
    using T = decltype(tag);
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Tensor c = a.contiguous();
    for (int64_t m = 0; m < batch_count(a); ++m) {
      Eigen::Map<const Matrix> matrix(c.data<T>() + m * n * n, n, n);
      Eigen::Map<Matrix> result(out.data<T>() + m * n * n, n, n);
      if (n == 0) continue;
      Eigen::PartialPivLU<Matrix> lu(matrix);
      const auto& packed = lu.matrixLU();
      int32_t zero_pivot = 0;
      for (int64_t i = 0; i < n && zero_pivot == 0; ++i) {
        if (packed(i, i) == T(0)) zero_pivot = static_cast<int32_t>(i + 1);
      }
      info.data<int32_t>()[m] = zero_pivot;
      if (zero_pivot != 0) {
        TSRT_CHECK(!check_errors, std::string(op) + ": The diagonal element " + std::to_string(zero_pivot) +
                                      " is zero, the inversion could not be completed because the input matrix is"
                                      " singular.");
        result.setConstant(std::numeric_limits<T>::quiet_NaN());
        continue;
      }
      result = lu.inverse();
    }
  };
  if (a.dtype() == DType::Float32)
    run(float{});
  else
    run(double{});
  return {out, info};
}

Tensor determinant(const Tensor& a, const char* op) {
  check_square_float(a, op);
  Shape batch(a.sizes().begin(), a.sizes().end() - 2);
  Tensor out = Tensor::empty(batch, a.dtype());
  const int64_t n = a.size(-1);
  auto run = [&](auto tag) {
    using T = decltype(tag);
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Tensor c = a.contiguous();
    for (int64_t m = 0; m < batch_count(a); ++m) {
      if (n == 0) {
        out.data<T>()[m] = T(1);
        continue;
      }
      Eigen::Map<const Matrix> matrix(c.data<T>() + m * n * n, n, n);
      out.data<T>()[m] = Eigen::PartialPivLU<Matrix>(matrix).determinant();
    }
  };
  if (a.dtype() == DType::Float32)
    run(float{});
  else
    run(double{});
  return out;
}

// sign(det) and log|det| per matrix from the LU factors: the permutation's sign times the signs
// of U's diagonal, and the sum of log|u_ii| (a zero pivot: sign 0, log|det| -inf, as torch).
std::pair<Tensor, Tensor> slogdet(const Tensor& a, const char* op) {
  check_square_float(a, op);
  Shape batch(a.sizes().begin(), a.sizes().end() - 2);
  Tensor sign = Tensor::empty(batch, a.dtype()), logabs = Tensor::empty(batch, a.dtype());
  const int64_t n = a.size(-1);
  auto run = [&](auto tag) {
    using T = decltype(tag);
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Tensor c = a.contiguous();
    for (int64_t m = 0; m < batch_count(a); ++m) {
      T s = 1, total = 0;
      if (n > 0) {
        Eigen::PartialPivLU<Matrix> lu(Eigen::Map<const Matrix>(c.data<T>() + m * n * n, n, n));
        s = static_cast<T>(lu.permutationP().determinant());
        for (int64_t i = 0; i < n; ++i) {
          const T u = lu.matrixLU()(i, i);
          s = u == 0 ? T(0) : (u < 0 ? -s : s);
          total += std::log(std::abs(u));
        }
      }
      sign.data<T>()[m] = s;
      logabs.data<T>()[m] = total;
    }
  };
  if (a.dtype() == DType::Float32)
    run(float{});
  else
    run(double{});
  return {sign, logabs};
}

// X with A X = B (left) or X A = B, by LU with partial pivoting per matrix. B is a batch of
// vectors when it is 1-D or has A's sizes without the last (torch's rule); batch dims broadcast.
Tensor solve(const Tensor& a_in, const Tensor& b_in, bool left) {
  const char* op = "torch.linalg.solve";
  check_square_float(a_in, op);
  TSRT_CHECK(b_in.dtype() == a_in.dtype(), std::string(op) +
                                               ": Expected A and B to have the same dtype, but found A "
                                               "of type " +
                                               dtype_name(a_in.dtype()) + " and B of type " + dtype_name(b_in.dtype()) +
                                               " instead");
  const bool vector = b_in.dim() == 1 || (b_in.dim() == a_in.dim() - 1 &&
                                          Shape(a_in.sizes().begin(), a_in.sizes().end() - 1) == b_in.sizes());
  Tensor a = left ? a_in : run_tensor_op("aten::transpose.int", {a_in, int64_t{-2}, int64_t{-1}});
  Tensor b = vector ? run_tensor_op("aten::unsqueeze", {b_in, int64_t{-1}}) : b_in;
  if (!left && !vector) b = run_tensor_op("aten::transpose.int", {b, int64_t{-2}, int64_t{-1}});
  TSRT_CHECK(b.dim() >= 2, std::string(op) + ": B must have at least 1 dimension");
  const int64_t n = a.size(-1), k = b.size(-1);
  TSRT_CHECK(b.size(-2) == n, std::string(op) + ": Incompatible shapes of A and B for the equation " +
                                  (left ? "AX = B" : "XA = B") + " (" + a_in.shape_string() + " and " +
                                  b_in.shape_string() + ")");
  Shape batch =
      broadcast_shapes(Shape(a.sizes().begin(), a.sizes().end() - 2), Shape(b.sizes().begin(), b.sizes().end() - 2));
  Shape a_shape = batch, b_shape = batch;
  a_shape.insert(a_shape.end(), {n, n});
  b_shape.insert(b_shape.end(), {n, k});
  const Tensor ac = contiguous_copy(expand_to(a, a_shape)), bc = contiguous_copy(expand_to(b, b_shape));
  Tensor out = Tensor::empty(b_shape, a.dtype());
  const int64_t count = product(batch);
  auto run = [&](auto tag) {
    using T = decltype(tag);
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    for (int64_t m = 0; m < count && n > 0; ++m) {
      Eigen::PartialPivLU<Matrix> lu(Eigen::Map<const Matrix>(ac.data<T>() + m * n * n, n, n));
      for (int64_t i = 0; i < n; ++i) {
        TSRT_CHECK(lu.matrixLU()(i, i) != T(0), std::string(op) + ": The diagonal element " + std::to_string(i + 1) +
                                                    " is zero, the solve could not be completed because the input "
                                                    "matrix is singular.");
      }
      Eigen::Map<Matrix>(out.data<T>() + m * n * k, n, k) =
          lu.solve(Eigen::Map<const Matrix>(bc.data<T>() + m * n * k, n, k));
    }
  };
  if (a.dtype() == DType::Float32)
    run(float{});
  else
    run(double{});
  if (vector) return run_tensor_op("aten::squeeze.dim", {out, int64_t{-1}});
  return left ? out : run_tensor_op("aten::transpose.int", {out, int64_t{-2}, int64_t{-1}});
}

Tensor outer(const Tensor& self, const Tensor& vec2, const char* op) {
  TSRT_CHECK(self.dim() == 1 && vec2.dim() == 1,
             std::string(op) + ": expected 1-D vectors, got " + self.shape_string() + " and " + vec2.shape_string());
  Tensor column = reshaped(self, {self.size(0), 1});
  return run_tensor_op("aten::mul.Tensor", {column, vec2});
}

// ---- shape rules (ir/shape_rule.h) ----------------------------------------------------------
ir::TensorFacts outer_shape(const ir::ShapeContext& c) {
  ir::TensorFacts a = c.self(), b = c.tensor(c.input(1));
  ir::TensorFacts out{ir::result_type({c.operand(c.input(0)), c.operand(c.input(1))}), std::nullopt, true};
  if (a.sizes && b.sizes && a.sizes->size() == 1 && b.sizes->size() == 1)
    out.sizes = ir::Sizes{(*a.sizes)[0], (*b.sizes)[0]};
  return out;
}

// torch returns inverses in LAPACK's column-major layout: the sizes of self, not contiguous.
ir::TensorFacts inverse_shape(const ir::ShapeContext& c) {
  ir::TensorFacts self = c.self();
  return ir::TensorFacts{self.dtype, self.sizes, false};
}

ir::TensorFacts det_shape(const ir::ShapeContext& c) {
  ir::TensorFacts self = c.self();
  ir::TensorFacts out{self.dtype, std::nullopt, true};
  if (self.sizes && self.sizes->size() >= 2) out.sizes = ir::Sizes(self.sizes->begin(), self.sizes->end() - 2);
  return out;
}

}  // namespace

TSRT_REGISTER_KERNELS(linalg) {
  r.add("aten::einsum(str equation, Tensor[] tensors, *, int[]? path=None) -> Tensor",
        [](const Args& a) -> Value { return einsum(a.to_string(0), a.tensor_list(1)); });
  r.add_stack("aten::einsum.sublist(Tensor a, ...) -> Tensor", einsum_sublist);
  r.add("aten::tensordot(Tensor self, Tensor other, int[] dims_self, int[] dims_other) -> Tensor",
        [](const Args& a) -> Value { return tensordot(a.tensor(0), a.tensor(1), a.int_list(2), a.int_list(3)); });
  r.add("aten::inner(Tensor self, Tensor other) -> Tensor", [](const Args& a) -> Value {
    const Tensor& x = a.tensor(0);
    const Tensor& y = a.tensor(1);
    if (x.dim() == 0 || y.dim() == 0) return run_tensor_op("aten::mul.Tensor", {x, y});
    TSRT_CHECK(x.size(-1) == y.size(-1), "inner() the last dimension must match on both input tensors but got shapes " +
                                             x.shape_string() + " and " + y.shape_string());
    return tensordot(x, y, {-1}, {-1});
  });
  r.add("aten::trace(Tensor self) -> Tensor", [](const Args& a) -> Value {
    const Tensor& x = a.tensor(0);
    TSRT_CHECK(x.dim() == 2, "trace: expected a matrix, but got tensor with dim " + std::to_string(x.dim()));
    Tensor diagonal = run_tensor_op("aten::diagonal", {x, int64_t{0}, int64_t{0}, int64_t{1}});
    return run_tensor_op("aten::sum.dim_IntList", {diagonal, Value(), false, Value()});
  });
  r.add("aten::outer(Tensor self, Tensor vec2) -> Tensor",
        [](const Args& a) -> Value { return outer(a.tensor(0), a.tensor(1), "aten::outer"); });
  r.add("aten::ger(Tensor self, Tensor vec2) -> Tensor",
        [](const Args& a) -> Value { return outer(a.tensor(0), a.tensor(1), "aten::ger"); });
  r.add("aten::cross(Tensor self, Tensor other, int? dim=None) -> Tensor",
        [](const Args& a) -> Value { return cross(a.tensor(0), a.tensor(1), a.optional_int(2), "aten::cross"); });
  r.add("aten::linalg_cross(Tensor self, Tensor other, *, int dim=-1) -> Tensor",
        [](const Args& a) -> Value { return cross(a.tensor(0), a.tensor(1), a.to_int(2), "aten::linalg_cross"); });
  r.add("aten::linalg_inv(Tensor A) -> Tensor",
        [](const Args& a) -> Value { return inverse(a.tensor(0), true, "linalg.inv").first; });
  r.add("aten::inverse(Tensor self) -> Tensor",
        [](const Args& a) -> Value { return inverse(a.tensor(0), true, "linalg.inv").first; });
  r.add_multi("aten::linalg_inv_ex(Tensor A, *, bool check_errors=False) -> (Tensor inverse, Tensor info)",
              [](const Args& a) -> std::vector<Value> {
                auto [inv, info] = inverse(a.tensor(0), a.to_bool(1), "linalg.inv_ex");
                return {inv, info};
              });
  r.add("aten::linalg_det(Tensor A) -> Tensor",
        [](const Args& a) -> Value { return determinant(a.tensor(0), "linalg.det"); });
  r.add_multi("aten::linalg_slogdet(Tensor A) -> (Tensor sign, Tensor logabsdet)",
              [](const Args& a) -> std::vector<Value> {
                auto [sign, logabs] = slogdet(a.tensor(0), "linalg.slogdet");
                return {sign, logabs};
              });
  r.add("aten::logdet(Tensor self) -> Tensor", [](const Args& a) -> Value {
    // log(det): NaN for a negative determinant, -inf for a singular matrix.
    auto [sign, logabs] = slogdet(a.tensor(0), "logdet");
    Tensor negative = run_tensor_op("aten::lt.Scalar", {sign, int64_t{0}});
    return run_tensor_op("aten::masked_fill.Scalar", {logabs, negative, std::numeric_limits<double>::quiet_NaN()});
  });
  r.add("aten::linalg_solve(Tensor A, Tensor B, *, bool left=True) -> Tensor",
        [](const Args& a) -> Value { return solve(a.tensor(0), a.tensor(1), a.to_bool(2)); });
  r.add("aten::det(Tensor self) -> Tensor",
        [](const Args& a) -> Value { return determinant(a.tensor(0), "linalg.det"); });
  r.ops({"aten::outer", "aten::ger"}).shape(ir::one_output(outer_shape));
  r.ops({"aten::linalg_inv", "aten::inverse"}).shape(ir::one_output(inverse_shape));
  r.ops({"aten::linalg_det", "aten::det"}).shape(ir::one_output(det_shape));
}

}  // namespace tsrt::kernels
