#!/usr/bin/env node
// Times an .onnx model with ONNX Runtime (the onnxruntime-node package) the way `tsrt bench`
// times a .pt: untimed warmup runs, then timed runs, one JSON line on stdout.
//
//   NODE_PATH=build/bench/node_modules node bench/ort_bench.js MODEL.onnx --input A.npy
//       [--input B.npy ...] [--threads 2] [--warmup 2] [--iters 10] [--check OUT0.npy ...]
//
// Inputs are .npy files fed to the model's inputs in order. --check compares the outputs, in
// order, with .npy files (stock PyTorch's) and adds their largest absolute difference.
// Prints {"median_ms","p90_ms","min_ms","mean_ms","iters","load_ms","load_and_first_run_ms",
// "threads","ort_version"[,"max_abs_diff"]}.
'use strict';

const fs = require('fs');
const ort = require('onnxruntime-node');

// numpy descr -> [ONNX Runtime tensor type, typed array constructor].
const NPY_TYPES = {
  '<f4': ['float32', Float32Array],
  '<f8': ['float64', Float64Array],
  '<i8': ['int64', BigInt64Array],
  '<i4': ['int32', Int32Array],
  '<i2': ['int16', Int16Array],
  '|i1': ['int8', Int8Array],
  '|u1': ['uint8', Uint8Array],
  '|b1': ['bool', Uint8Array],
};

function fail(message) {
  process.stderr.write(`ort_bench: ${message}\n`);
  process.exit(2);
}

// Reads a C-ordered little-endian .npy file (format versions 1 to 3) into an ort.Tensor.
function readNpy(path) {
  const bytes = fs.readFileSync(path);
  if (bytes.length < 10 || bytes.toString('latin1', 0, 6) !== '\x93NUMPY') {
    fail(`${path}: not a .npy file (bad magic)`);
  }
  const major = bytes[6];
  const headerLengthBytes = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const dataOffset = 8 + headerLengthBytes + headerLength;
  if (dataOffset > bytes.length) fail(`${path}: header runs past the end of the file`);
  const header = bytes.toString(major === 3 ? 'utf8' : 'latin1', 8 + headerLengthBytes, dataOffset);
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) fail(`${path}: cannot parse header ${header.trim()}`);
  if (fortran[1] === 'True') fail(`${path}: Fortran-ordered arrays are not supported`);
  const type = NPY_TYPES[descr[1]];
  if (!type) fail(`${path}: unsupported dtype ${descr[1]}`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  const [ortType, ArrayType] = type;
  const byteLength = count * ArrayType.BYTES_PER_ELEMENT;
  if (dataOffset + byteLength > bytes.length) fail(`${path}: data shorter than shape ${dims}`);
  // Copy into a fresh buffer: the file's data offset need not be aligned for the typed array.
  const data = new ArrayType(byteLength / ArrayType.BYTES_PER_ELEMENT);
  new Uint8Array(data.buffer).set(bytes.subarray(dataOffset, dataOffset + byteLength));
  return new ort.Tensor(ortType, ortType === 'bool' ? Uint8Array.from(data, (v) => v !== 0) : data, dims);
}

function parseArgs(argv) {
  const options = { model: null, inputs: [], checks: [], threads: 2, warmup: 2, iters: 10 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      return argv[++i];
    };
    const count = (name) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer`);
      return n;
    };
    if (arg === '--input') options.inputs.push(value());
    else if (arg === '--check') options.checks.push(value());
    else if (arg === '--threads') options.threads = count('--threads');
    else if (arg === '--warmup') options.warmup = count('--warmup');
    else if (arg === '--iters') options.iters = count('--iters');
    else if (arg === '--json') continue;  // always JSON; accepted for symmetry with tsrt bench
    else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else if (options.model === null) options.model = arg;
    else fail(`unexpected argument ${arg}`);
  }
  if (options.model === null) fail('usage: ort_bench.js MODEL.onnx --input A.npy ... [--threads N] [--warmup N] [--iters N]');
  if (options.iters < 1) fail('--iters must be at least 1');
  return options;
}

function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const start = nowMs();
  const session = await ort.InferenceSession.create(options.model, {
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const loadMs = nowMs() - start;
  if (options.inputs.length !== session.inputNames.length) {
    fail(`${options.model} takes ${session.inputNames.length} inputs (${session.inputNames.join(', ')}), got ${options.inputs.length}`);
  }
  const feeds = {};
  session.inputNames.forEach((name, i) => { feeds[name] = readNpy(options.inputs[i]); });

  const first = await session.run(feeds);
  const firstRunMs = nowMs() - start;
  for (let i = 0; i < options.warmup; i++) await session.run(feeds);
  const times = [];
  for (let i = 0; i < options.iters; i++) {
    const t0 = nowMs();
    await session.run(feeds);
    times.push(nowMs() - t0);
  }
  times.sort((a, b) => a - b);
  const result = {
    median_ms: times[Math.floor(times.length / 2)],
    p90_ms: times[Math.min(times.length - 1, Math.floor((times.length * 9) / 10))],
    min_ms: times[0],
    mean_ms: times.reduce((a, b) => a + b, 0) / times.length,
    iters: options.iters,
    load_ms: loadMs,
    load_and_first_run_ms: firstRunMs,
    threads: options.threads,
    ort_version: require('onnxruntime-node/package.json').version,
  };
  if (options.checks.length > 0) {
    let maxAbsDiff = 0;
    options.checks.forEach((path, i) => {
      const expected = readNpy(path).data;
      const actual = first[session.outputNames[i]].data;
      if (actual.length !== expected.length) fail(`output ${i}: ${actual.length} values, ${path} has ${expected.length}`);
      for (let j = 0; j < actual.length; j++) {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(Number(actual[j]) - Number(expected[j])));
      }
    });
    result.max_abs_diff = maxAbsDiff;
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((error) => fail(error && error.message ? error.message : String(error)));
