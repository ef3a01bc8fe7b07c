// Recurrent layers and cells (LSTM, GRU, Elman RNN with tanh/relu) on padded (`.input`) or
// packed (`.data`: the running sequences' rows step by step, plus batch_sizes) input, with
// torch's weight-list calling convention: `params` holds, per layer and per direction (forward first), w_ih, w_hh,
// then b_ih, b_hh when has_biases, then w_hr when the LSTM has a projection (proj_size > 0).
// Gate order is torch's: LSTM (input, forget, cell, output); GRU (reset, update, new), where
// the reset gate multiplies (W_hn h + b_hn). Inference only: dropout with train=True is refused.
// Matmuls use Eigen in the input's precision (float32 or float64).
#include <Eigen/Dense>

#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

enum class Cell { Lstm, Gru, RnnTanh, RnnRelu };

int gate_count(Cell cell) {
  switch (cell) {
    case Cell::Lstm: return 4;
    case Cell::Gru: return 3;
    default: return 1;
  }
}

template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using RowVec = Eigen::Matrix<T, 1, Eigen::Dynamic>;

template <typename T>
DType dtype_of() {
  return std::is_same<T, float>::value ? DType::Float32 : DType::Float64;
}

// A (rows x cols) copy of `t` (any layout, converted to T); `what` names it in errors.
template <typename T>
Mat<T> matrix(const Tensor& t, int64_t rows, int64_t cols, const std::string& what) {
  TSRT_CHECK(t.numel() == rows * cols, what + ": expected " + std::to_string(rows) + "x" + std::to_string(cols) +
                                      " elements, got shape " + t.shape_string());
  Tensor c = t.to(dtype_of<T>()).contiguous();
  return Eigen::Map<const Mat<T>>(c.data<T>(), rows, cols);
}

template <typename T>
Tensor to_tensor(const Mat<T>& m, const Shape& shape) {
  Tensor out = Tensor::empty(shape, dtype_of<T>());
  Eigen::Map<Mat<T>>(out.data<T>(), m.rows(), m.cols()) = m;
  return out;
}

template <typename T>
struct CellWeights {
  Mat<T> w_ih, w_hh;          // (G*H, in), (G*H, H_out)
  RowVec<T> b_ih, b_hh;       // (G*H), zeros without biases
  std::optional<Mat<T>> w_hr; // LSTM projection (H_out, H)
};

template <typename T>
CellWeights<T> cell_weights(Cell cell, const Tensor& w_ih, const Tensor& w_hh, const std::optional<Tensor>& b_ih,
                            const std::optional<Tensor>& b_hh, const std::optional<Tensor>& w_hr,
                            const std::string& where) {
  TSRT_CHECK(w_ih.dim() == 2 && w_hh.dim() == 2, where + ": weights must be 2-D, got w_ih " + w_ih.shape_string() +
                                                " and w_hh " + w_hh.shape_string());
  int64_t gh = w_ih.size(0);
  TSRT_CHECK(gh % gate_count(cell) == 0 && w_hh.size(0) == gh,
        where + ": w_ih " + w_ih.shape_string() + " and w_hh " + w_hh.shape_string() + " disagree on the gate size");
  CellWeights<T> w;
  w.w_ih = matrix<T>(w_ih, gh, w_ih.size(1), where + " w_ih");
  w.w_hh = matrix<T>(w_hh, gh, w_hh.size(1), where + " w_hh");
  w.b_ih = b_ih ? RowVec<T>(matrix<T>(*b_ih, 1, gh, where + " b_ih")) : RowVec<T>::Zero(gh);
  w.b_hh = b_hh ? RowVec<T>(matrix<T>(*b_hh, 1, gh, where + " b_hh")) : RowVec<T>::Zero(gh);
  if (w_hr) w.w_hr = matrix<T>(*w_hr, w_hr->size(0), gh / gate_count(cell), where + " w_hr");
  return w;
}

template <typename T>
Mat<T> sigmoid(const Mat<T>& x) {
  return (T(1) / (T(1) + (-x.array()).exp())).matrix();
}

// One time step. `gx` = x W_ih^T + b_ih for this step (B, G*H); h (B, H_out) and c (B, H) are
// updated in place.
template <typename T>
void step(Cell cell, const CellWeights<T>& w, const Mat<T>& gx, Mat<T>& h, Mat<T>& c) {
  Mat<T> gh = h * w.w_hh.transpose();
  gh.rowwise() += w.b_hh;
  int64_t hidden = w.w_ih.rows() / gate_count(cell);
  auto block = [&](const Mat<T>& m, int gate) { return m.middleCols(gate * hidden, hidden); };
  switch (cell) {
    case Cell::Lstm: {
      Mat<T> g = gx + gh;
      Mat<T> i = sigmoid<T>(block(g, 0)), f = sigmoid<T>(block(g, 1)), o = sigmoid<T>(block(g, 3));
      Mat<T> cand = block(g, 2).array().tanh().matrix();
      c = (f.array() * c.array() + i.array() * cand.array()).matrix();
      Mat<T> h_full = (o.array() * c.array().tanh()).matrix();
      h = w.w_hr ? Mat<T>(h_full * w.w_hr->transpose()) : h_full;
      break;
    }
    case Cell::Gru: {
      Mat<T> r = sigmoid<T>(block(gx, 0) + block(gh, 0));
      Mat<T> z = sigmoid<T>(block(gx, 1) + block(gh, 1));
      Mat<T> n = (block(gx, 2).array() + r.array() * block(gh, 2).array()).tanh().matrix();
      h = ((T(1) - z.array()) * n.array() + z.array() * h.array()).matrix();
      break;
    }
    case Cell::RnnTanh: h = (gx + gh).array().tanh().matrix(); break;
    case Cell::RnnRelu: h = (gx + gh).cwiseMax(T(0)); break;
  }
}

// Where each time step's rows live in the time-major input: step t covers rows
// [offset[t], offset[t] + size[t]). Padded input has size[t] == batch; a packed sequence has
// non-increasing sizes (the sequences still running at step t come first).
struct Layout {
  std::vector<int64_t> offset, size;
  int64_t rows = 0, batch = 0;

  static Layout padded(int64_t steps, int64_t batch) {
    Layout l;
    for (int64_t t = 0; t < steps; ++t) {
      l.offset.push_back(t * batch);
      l.size.push_back(batch);
    }
    l.rows = steps * batch;
    l.batch = batch;
    return l;
  }
};

// Runs one direction of one layer over `x` (rows as `shape`). Only a step's active rows of
// h and c advance, so a finished sequence keeps its last state (forward) and a sequence not yet
// started keeps its initial one (reverse).
template <typename T>
Mat<T> run_direction(Cell cell, const CellWeights<T>& w, const Mat<T>& x, const Layout& shape, Mat<T>& h,
                     Mat<T>& c, bool reverse) {
  TSRT_CHECK(w.w_ih.cols() == x.cols(), "recurrent layer: input has " + std::to_string(x.cols()) +
                                       " features but w_ih expects " + std::to_string(w.w_ih.cols()));
  Mat<T> gx_all = x * w.w_ih.transpose();
  gx_all.rowwise() += w.b_ih;
  Mat<T> out(shape.rows, h.cols());
  int64_t steps = static_cast<int64_t>(shape.size.size());
  for (int64_t s = 0; s < steps; ++s) {
    int64_t t = reverse ? steps - 1 - s : s;
    int64_t n = shape.size[t];
    Mat<T> h_active = h.topRows(n);
    Mat<T> c_active = c.rows() ? Mat<T>(c.topRows(n)) : Mat<T>();
    step<T>(cell, w, gx_all.middleRows(shape.offset[t], n), h_active, c_active);
    h.topRows(n) = h_active;
    if (c.rows()) c.topRows(n) = c_active;
    out.middleRows(shape.offset[t], n) = h_active;
  }
  return out;
}

// The layout of a packed sequence from its batch_sizes tensor, checked against `rows`.
Layout packed_layout(const Tensor& batch_sizes, int64_t rows, const std::string& op) {
  TSRT_CHECK(batch_sizes.dim() == 1 && is_integral(batch_sizes.dtype(), false),
        op + ": batch_sizes must be a 1-D integer tensor, got " + batch_sizes.shape_string());
  Tensor sizes = batch_sizes.to(DType::Int64).contiguous();
  Layout l;
  for (int64_t t = 0; t < sizes.numel(); ++t) {
    int64_t n = sizes.data<int64_t>()[t];
    TSRT_CHECK(n > 0 && (t == 0 || n <= l.size.back()),
          op + ": batch_sizes must be positive and non-increasing, got " + std::to_string(n) + " at step " +
              std::to_string(t));
    l.offset.push_back(l.rows);
    l.size.push_back(n);
    l.rows += n;
  }
  TSRT_CHECK(l.rows == rows, op + ": batch_sizes add up to " + std::to_string(l.rows) + " but the data has " +
                            std::to_string(rows) + " rows");
  l.batch = l.size.empty() ? 0 : l.size[0];
  return l;
}

// Swaps the first two dims (batch-first <-> time-first) into a contiguous tensor.
Tensor swap01(const Tensor& t) {
  Shape sizes = t.sizes(), strides = t.strides();
  std::swap(sizes[0], sizes[1]);
  std::swap(strides[0], strides[1]);
  return t.as_strided(sizes, strides, t.storage_offset()).contiguous();
}

struct RnnArgs {
  Cell cell;
  Tensor input;                      // (seq, batch, in), or packed data (rows, in)
  std::optional<Tensor> batch_sizes; // set for packed sequences
  Tensor h0;
  std::optional<Tensor> c0;
  std::vector<Tensor> params;
  bool has_biases;
  int64_t num_layers;
  double dropout;
  bool train;
  bool bidirectional;
  bool batch_first;
};

template <typename T>
std::vector<Tensor> run_rnn(const RnnArgs& a, const std::string& op) {
  if (a.batch_sizes) {
    TSRT_CHECK(a.input.dim() == 2, op + ": packed data must be 2-D (rows, feature), got " + a.input.shape_string());
  } else {
    TSRT_CHECK(a.input.dim() == 3, op + ": input must be 3-D (seq, batch, feature), got " + a.input.shape_string());
  }
  TSRT_CHECK(!(a.train && a.dropout > 0), op + ": dropout during training is not supported (tsrt runs inference)");
  TSRT_CHECK(a.num_layers >= 1, op + ": num_layers must be positive");
  int64_t dirs = a.bidirectional ? 2 : 1;
  int64_t units = a.num_layers * dirs;
  int64_t per_unit_base = 2 + (a.has_biases ? 2 : 0);
  TSRT_CHECK(a.params.size() % static_cast<size_t>(units) == 0,
        op + ": " + std::to_string(a.params.size()) + " weights do not divide into " + std::to_string(units) +
            " layer-directions");
  int64_t per_unit = static_cast<int64_t>(a.params.size()) / units;
  bool has_proj = a.cell == Cell::Lstm && per_unit == per_unit_base + 1;
  TSRT_CHECK(per_unit == per_unit_base || has_proj, op + ": expected " + std::to_string(per_unit_base) +
                                                   " weights per layer and direction, got " +
                                                   std::to_string(per_unit));

  Tensor time_major = a.batch_first ? swap01(a.input) : a.input;
  int64_t features = time_major.size(-1);
  Layout shape = a.batch_sizes ? packed_layout(*a.batch_sizes, time_major.size(0), op)
                               : Layout::padded(time_major.size(0), time_major.size(1));
  Mat<T> x = matrix<T>(time_major, shape.rows, features, op + " input");
  TSRT_CHECK(a.h0.dim() == 3 && a.h0.size(0) == units && a.h0.size(1) == shape.batch,
        op + ": hidden state must be (" + std::to_string(units) + ", " + std::to_string(shape.batch) +
            ", hidden), got " + a.h0.shape_string());
  int64_t h_out = a.h0.size(2);
  Mat<T> h0_all = matrix<T>(a.h0, units * shape.batch, h_out, op + " h0");
  Mat<T> c0_all;
  int64_t hidden = h_out;
  if (a.c0) {
    TSRT_CHECK(a.c0->dim() == 3 && a.c0->size(0) == units && a.c0->size(1) == shape.batch,
          op + ": cell state must be (" + std::to_string(units) + ", " + std::to_string(shape.batch) +
              ", hidden), got " + a.c0->shape_string());
    hidden = a.c0->size(2);
    c0_all = matrix<T>(*a.c0, units * shape.batch, hidden, op + " c0");
  }

  Mat<T> h_n(units * shape.batch, h_out), c_n(units * shape.batch, hidden);
  for (int64_t layer = 0; layer < a.num_layers; ++layer) {
    Mat<T> layer_out(shape.rows, dirs * h_out);
    for (int64_t d = 0; d < dirs; ++d) {
      int64_t unit = layer * dirs + d;
      std::string where = op + " layer " + std::to_string(layer) + (d ? " reverse" : "");
      const Tensor* p = a.params.data() + unit * per_unit;
      std::optional<Tensor> b_ih, b_hh, w_hr;
      if (a.has_biases) {
        b_ih = p[2];
        b_hh = p[3];
      }
      if (has_proj) w_hr = p[per_unit - 1];
      CellWeights<T> w = cell_weights<T>(a.cell, p[0], p[1], b_ih, b_hh, w_hr, where);
      TSRT_CHECK(w.w_ih.rows() == gate_count(a.cell) * hidden,
            where + ": w_ih has " + std::to_string(w.w_ih.rows()) + " rows, expected " +
                std::to_string(gate_count(a.cell) * hidden));
      Mat<T> h = h0_all.middleRows(unit * shape.batch, shape.batch);
      Mat<T> c = a.c0 ? Mat<T>(c0_all.middleRows(unit * shape.batch, shape.batch)) : Mat<T>();
      layer_out.middleCols(d * h_out, h_out) = run_direction<T>(a.cell, w, x, shape, h, c, d == 1);
      h_n.middleRows(unit * shape.batch, shape.batch) = h;
      if (a.c0) c_n.middleRows(unit * shape.batch, shape.batch) = c;
    }
    x = std::move(layer_out);
  }
  Tensor output = a.batch_sizes ? to_tensor<T>(x, {shape.rows, dirs * h_out})
                                : to_tensor<T>(x, {time_major.size(0), shape.batch, dirs * h_out});
  if (a.batch_first) output = swap01(output);
  std::vector<Tensor> results = {output.to(a.input.dtype()),
                                 to_tensor<T>(h_n, {units, shape.batch, h_out}).to(a.input.dtype())};
  if (a.c0) results.push_back(to_tensor<T>(c_n, {units, shape.batch, hidden}).to(a.input.dtype()));
  return results;
}

std::vector<Tensor> dispatch_rnn(const RnnArgs& a, const std::string& op) {
  if (a.input.dtype() == DType::Float64) return run_rnn<double>(a, op);
  TSRT_CHECK(a.input.dtype() == DType::Float32, op + ": unsupported dtype " + dtype_name(a.input.dtype()));
  return run_rnn<float>(a, op);
}

// Reads the arguments every layer op shares. `.input` overloads: (input, hx, params, ...,
// batch_first); `.data` overloads: (data, batch_sizes, hx, params, ..., bidirectional).
RnnArgs rnn_args(Cell cell, const Args& args, bool packed) {
  RnnArgs a;
  a.cell = cell;
  a.input = args.tensor(0);
  size_t p = packed ? 3 : 2;  // index of params
  if (packed) a.batch_sizes = args.tensor(1);
  a.params = args.tensor_list(p);
  a.has_biases = args.to_bool(p + 1);
  a.num_layers = args.to_int(p + 2);
  a.dropout = args.to_double(p + 3);
  a.train = args.to_bool(p + 4);
  a.bidirectional = args.to_bool(p + 5);
  a.batch_first = packed ? false : args.to_bool(p + 6);
  return a;
}

template <typename T>
std::vector<Tensor> run_cell(Cell cell, const Args& args, const std::string& op) {
  const Tensor& input = args.tensor(0);
  TSRT_CHECK(input.dim() == 2, op + ": input must be 2-D (batch, feature), got " + input.shape_string());
  Tensor h0 = cell == Cell::Lstm ? args.tensor_list(1).at(0) : args.tensor(1);
  int64_t batch = input.size(0);
  CellWeights<T> w = cell_weights<T>(cell, args.tensor(2), args.tensor(3), args.optional_tensor(4),
                                     args.optional_tensor(5), std::nullopt, op);
  int64_t hidden = w.w_ih.rows() / gate_count(cell);
  TSRT_CHECK(w.w_ih.cols() == input.size(1), op + ": input has " + std::to_string(input.size(1)) +
                                            " features but w_ih expects " + std::to_string(w.w_ih.cols()));
  Mat<T> h = matrix<T>(h0, batch, hidden, op + " hx");
  Mat<T> c;
  if (cell == Cell::Lstm) {
    auto hx = args.tensor_list(1);
    TSRT_CHECK(hx.size() == 2, op + ": hx must hold (h, c), got " + std::to_string(hx.size()) + " tensors");
    c = matrix<T>(hx[1], batch, hidden, op + " cx");
  }
  Mat<T> gx = matrix<T>(input, batch, input.size(1), op + " input") * w.w_ih.transpose();
  gx.rowwise() += w.b_ih;
  step<T>(cell, w, gx, h, c);
  std::vector<Tensor> out = {to_tensor<T>(h, {batch, hidden}).to(input.dtype())};
  if (cell == Cell::Lstm) out.push_back(to_tensor<T>(c, {batch, hidden}).to(input.dtype()));
  return out;
}

std::vector<Tensor> dispatch_cell(Cell cell, const Args& args, const std::string& op) {
  DType dtype = args.tensor(0).dtype();
  if (dtype == DType::Float64) return run_cell<double>(cell, args, op);
  TSRT_CHECK(dtype == DType::Float32, op + ": unsupported dtype " + dtype_name(dtype));
  return run_cell<float>(cell, args, op);
}

const char* kLayerTail =
    "Tensor[] params, bool has_biases, int num_layers, float dropout, bool train, bool bidirectional, "
    "bool batch_first)";
const char* kPackedTail =
    "Tensor[] params, bool has_biases, int num_layers, float dropout, bool train, bool bidirectional)";
const char* kCellTail = "Tensor w_ih, Tensor w_hh, Tensor? b_ih=None, Tensor? b_hh=None)";

// Multi-result kernels here return tensors; the registry wants Values.
void add_multi(Registry& r, const std::string& text, std::function<std::vector<Tensor>(const Args&)> fn) {
  r.add_multi(text, [fn = std::move(fn)](const Args& a) {
    std::vector<Tensor> tensors = fn(a);
    return std::vector<Value>(tensors.begin(), tensors.end());
  });
}

}  // namespace

TSRT_REGISTER_KERNELS(recurrent) {
  for (bool packed : {false, true}) {
    std::string head = packed ? "aten::lstm.data(Tensor data, Tensor batch_sizes, Tensor[] hx, "
                              : "aten::lstm.input(Tensor input, Tensor[] hx, ";
    add_multi(r, head + (packed ? kPackedTail : kLayerTail) + " -> (Tensor, Tensor, Tensor)",
              [packed](const Args& args) {
                RnnArgs a = rnn_args(Cell::Lstm, args, packed);
                auto hx = args.tensor_list(packed ? 2 : 1);
                TSRT_CHECK(hx.size() == 2,
                      "aten::lstm: hx must hold (h0, c0), got " + std::to_string(hx.size()) + " tensors");
                a.h0 = hx[0];
                a.c0 = hx[1];
                return dispatch_rnn(a, "aten::lstm");
              });
  }
  const std::pair<const char*, Cell> single_state[] = {
      {"gru", Cell::Gru}, {"rnn_tanh", Cell::RnnTanh}, {"rnn_relu", Cell::RnnRelu}};
  for (const auto& [name, cell] : single_state) {
    std::string op = std::string("aten::") + name;
    add_multi(r, op + ".input(Tensor input, Tensor hx, " + kLayerTail + " -> (Tensor, Tensor)",
              [op, cell = cell](const Args& args) {
                RnnArgs a = rnn_args(cell, args, false);
                a.h0 = args.tensor(1);
                return dispatch_rnn(a, op);
              });
    add_multi(r, op + ".data(Tensor data, Tensor batch_sizes, Tensor hx, " + kPackedTail + " -> (Tensor, Tensor)",
              [op, cell = cell](const Args& args) {
                RnnArgs a = rnn_args(cell, args, true);
                a.h0 = args.tensor(2);
                return dispatch_rnn(a, op);
              });
    r.add(op + "_cell(Tensor input, Tensor hx, " + kCellTail + " -> Tensor",
          [op, cell = cell](const Args& args) { return Value(dispatch_cell(cell, args, op + "_cell")[0]); });
  }
  add_multi(r, std::string("aten::lstm_cell(Tensor input, Tensor[] hx, ") + kCellTail + " -> (Tensor, Tensor)",
            [](const Args& args) { return dispatch_cell(Cell::Lstm, args, "aten::lstm_cell"); });
}

}  // namespace tsrt::kernels
