// nn.utils.rnn's packing ops: _pack_padded_sequence turns a padded (time, batch, *) tensor and
// the sequence lengths into PackedSequence's (data, batch_sizes); _pad_packed_sequence turns
// them back. The packed rows are the running sequences' rows step by step, longest first, the
// layout the `.data` overloads of lstm/gru/rnn in kernels/recurrent.cc consume.
#include <cstring>
#include <string>
#include <vector>

#include "kernels/registry.h"

namespace tsrt::kernels {
namespace {

// The elements of one (time, batch) row: the product of the dims after the first two.
int64_t row_elements(const Shape& sizes) {
  int64_t n = 1;
  for (size_t d = 2; d < sizes.size(); ++d) n *= sizes[d];
  return n;
}

// Swaps dims 0 and 1 (a view).
Tensor transpose01(const Tensor& t) {
  Shape sizes = t.sizes(), strides = t.strides();
  std::swap(sizes[0], sizes[1]);
  std::swap(strides[0], strides[1]);
  return t.as_strided(sizes, strides, t.storage_offset());
}

std::vector<Value> pack_padded_sequence(const Tensor& input_arg, const Tensor& lengths_arg, bool batch_first) {
  const std::string op = "aten::_pack_padded_sequence";
  TSRT_CHECK(input_arg.dim() >= 2, op + ": input must have at least 2 dims (time, batch, *), got " +
                                       input_arg.shape_string());
  TSRT_CHECK(lengths_arg.dim() == 1 && lengths_arg.dtype() == DType::Int64,
             op + ": 'lengths' argument should be a 1D CPU int64 tensor, but got " + lengths_arg.shape_string() + " " +
                 dtype_name(lengths_arg.dtype()));
  Tensor input = (batch_first ? transpose01(input_arg) : input_arg).contiguous();
  const int64_t steps = input.size(0), batch = input.size(1);
  Tensor lengths = lengths_arg.contiguous();
  const int64_t* len = lengths.data<int64_t>();
  TSRT_CHECK(lengths.numel() == batch, op + ": Expected `len(lengths)` to be equal to batch_size, but got " +
                                           std::to_string(lengths.numel()) + " (batch_size=" + std::to_string(batch) +
                                           ")");
  TSRT_CHECK(batch > 0, op + ": the batch is empty");
  TSRT_CHECK(len[batch - 1] > 0, op + ": Length of all samples has to be greater than 0, but found an element in "
                                      "'lengths' that is <= 0");
  for (int64_t b = 1; b < batch; ++b) {
    TSRT_CHECK(len[b - 1] >= len[b], op + ": `lengths` array must be sorted in decreasing order when "
                                          "`enforce_sorted` is True. You can pass `enforce_sorted=False` to "
                                          "pack_padded_sequence and/or pack_sequence to sidestep this requirement "
                                          "if you do not need ONNX exportability.");
  }
  TSRT_CHECK(len[0] <= steps, op + ": a sequence length of " + std::to_string(len[0]) + " exceeds the " +
                                  std::to_string(steps) + " time steps of the input");
  Tensor batch_sizes = Tensor::empty({len[0]}, DType::Int64);
  int64_t rows = 0;
  for (int64_t t = 0; t < len[0]; ++t) {
    int64_t running = 0;
    while (running < batch && len[running] > t) ++running;
    batch_sizes.data<int64_t>()[t] = running;
    rows += running;
  }
  Shape data_sizes = input.sizes();
  data_sizes.erase(data_sizes.begin());
  data_sizes[0] = rows;
  Tensor data = Tensor::empty(data_sizes, input.dtype());
  // Step t's running rows are the first batch_sizes[t] rows of input[t]: one block each.
  const size_t row_bytes = static_cast<size_t>(row_elements(input.sizes())) * element_size(input.dtype());
  const char* src = static_cast<const char*>(input.raw_data());
  char* dst = static_cast<char*>(data.raw_data());
  for (int64_t t = 0; t < len[0]; ++t) {
    size_t block = static_cast<size_t>(batch_sizes.data<int64_t>()[t]) * row_bytes;
    if (block) std::memcpy(dst, src + static_cast<size_t>(t * batch) * row_bytes, block);
    dst += block;
  }
  return {data, batch_sizes};
}

std::vector<Value> pad_packed_sequence(const Tensor& data_arg, const Tensor& batch_sizes_arg, bool batch_first,
                                       const Value& padding_value, int64_t total_length) {
  const std::string op = "aten::_pad_packed_sequence";
  TSRT_CHECK(data_arg.dim() >= 1, op + ": data must have at least 1 dim, got " + data_arg.shape_string());
  TSRT_CHECK(batch_sizes_arg.dim() == 1 && batch_sizes_arg.numel() > 0 && batch_sizes_arg.dtype() == DType::Int64,
             op + ": batch_sizes must be a non-empty 1-D int64 tensor, got " + batch_sizes_arg.shape_string() + " " +
                 dtype_name(batch_sizes_arg.dtype()));
  TSRT_CHECK(padding_value.is_number(), op + ": padding_value must be a number");
  Tensor data = data_arg.contiguous();
  Tensor batch_sizes = batch_sizes_arg.contiguous();
  const int64_t* bs = batch_sizes.data<int64_t>();
  const int64_t real_steps = batch_sizes.numel(), batch = bs[0];
  int64_t rows = 0;
  for (int64_t t = 0; t < real_steps; ++t) {
    TSRT_CHECK(bs[t] > 0 && bs[t] <= (t ? bs[t - 1] : batch),
               op + ": batch_sizes must be positive and non-increasing, got " + std::to_string(bs[t]) + " at step " +
                   std::to_string(t));
    rows += bs[t];
  }
  TSRT_CHECK(rows == data.size(0), op + ": batch_sizes add up to " + std::to_string(rows) + " but data has " +
                                       std::to_string(data.size(0)) + " rows");
  int64_t steps = real_steps;
  if (total_length > 0) {
    TSRT_CHECK(total_length >= real_steps,
               op + ": Expected total_length to be at least the length of the longest sequence in input, but got "
                    "total_length=" + std::to_string(total_length) + " and max sequence length being " +
                   std::to_string(real_steps));
    steps = total_length;
  }
  Shape out_sizes = data.sizes();
  out_sizes.insert(out_sizes.begin(), steps);
  out_sizes[1] = batch;
  Tensor out = Tensor::empty(out_sizes, data.dtype());
  TSRT_DISPATCH_ALL_TYPES(out.dtype(), op.c_str(), [&] {
    scalar_t fill = padding_value.is_double() ? static_cast<scalar_t>(padding_value.to_double())
                    : padding_value.is_bool() ? static_cast<scalar_t>(padding_value.to_bool())
                                              : static_cast<scalar_t>(padding_value.to_int());
    std::fill(out.data<scalar_t>(), out.data<scalar_t>() + out.numel(), fill);
  });
  const size_t row_bytes = static_cast<size_t>(row_elements(out_sizes)) * element_size(data.dtype());
  const char* src = static_cast<const char*>(data.raw_data());
  char* dst = static_cast<char*>(out.raw_data());
  for (int64_t t = 0; t < real_steps; ++t) {
    size_t block = static_cast<size_t>(bs[t]) * row_bytes;
    std::memcpy(dst + static_cast<size_t>(t * batch) * row_bytes, src, block);
    src += block;
  }
  // A sequence's length is the number of steps at which it is still running.
  Tensor lengths = Tensor::empty({batch}, DType::Int64);
  for (int64_t b = 0; b < batch; ++b) {
    int64_t n = 0;
    while (n < real_steps && bs[n] > b) ++n;
    lengths.data<int64_t>()[b] = n;
  }
  return {batch_first ? transpose01(out) : out, lengths};
}

}  // namespace

TSRT_REGISTER_KERNELS(packed_sequence) {
  r.add_multi("aten::_pack_padded_sequence(Tensor input, Tensor lengths, bool batch_first) -> (Tensor, Tensor)",
              [](const Args& a) { return pack_padded_sequence(a.tensor(0), a.tensor(1), a.to_bool(2)); });
  r.add_multi(
      "aten::_pad_packed_sequence(Tensor data, Tensor batch_sizes, bool batch_first, Scalar padding_value, int "
      "total_length) -> (Tensor, Tensor)",
      [](const Args& a) {
        return pad_packed_sequence(a.tensor(0), a.tensor(1), a.to_bool(2), a[3], a.to_int(4));
      });
}

}  // namespace tsrt::kernels
