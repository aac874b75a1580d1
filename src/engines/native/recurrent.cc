// The native kernel of a Forecaster: a recurrent stack (torch.nn.LSTM / GRU / RNN semantics,
// batch_first windows) plus the linear head and the MSE loss, forward and backward through time,
// in float32 with the matrix products done by BLAS (OpenBLAS where the build found it, plain
// loops otherwise). Built by scripts/buildNative.sh; loaded by NativeKernel.ts; tested against
// the TypeScript kernel (tests/unit/engines/NativeKernel.test.ts) and against PyTorch's 5-epoch
// training losses (tests/unit/parity/training.test.ts).
//
// Parameters come as one flat Float64Array; where each block starts is not computed here but
// handed to create() by src/engines/parameterLayout.ts (PyTorch's order: weight_ih_l0,
// weight_hh_l0, bias_ih_l0, bias_hh_l0, ..., fc.weight, fc.bias), and checked to fit.
// Inside, sequences are time-major: row (t * B + b) of a [T*B, width] matrix.
//
// The products per layer:
//   forward   A       = X Wih^T + (bih + bhh)            one GEMM over all timesteps
//             A[t]   += H[t-1] Whh^T                      one small GEMM per step
//   backward  dH[t-1] += dA[t] Whh                        one small GEMM per step
//             dWhh   += dA[1..T-1]^T H[0..T-2]            one GEMM over all timesteps
//             dWih   += dA^T X,  dX = dA Wih              one GEMM each
// The GRU keeps its hidden projection apart (n = tanh(W_in x + b_in + r * (W_hn h + b_hn))):
// A = X Wih^T + bih, HW[t] = H[t-1] Whh^T + bhh, and in the backward pass the hidden side has a
// gradient of its own, dAH, which takes dA's place in the Whh and bhh products.
#include <node_api.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#ifdef USE_CBLAS
#include <cblas.h>
#endif

namespace {

enum Cell { LSTM = 0, RNN_TANH = 1, RNN_RELU = 2, GRU = 3 };

// An error for the caller, thrown to the N-API glue and raised there as a JavaScript Error.
struct Failure {
  std::string message;
};

// C (M x N) = alpha * op(A) op(B) + beta * C, row-major. op(A) is M x K, op(B) is K x N.
void gemm(bool transA, bool transB, int M, int N, int K, const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  if (M == 0 || N == 0) return;
#ifdef USE_CBLAS
  // Below this many multiply-adds the call overhead of BLAS outweighs its speed. Measured on the
  // tutorial's shapes (hidden 8, batch 20, s/epoch over 20 epochs): 1024 instead of 4096 took the
  // RNN from 5.0 to 2.3 ms and the GRU from 10.6 to 7.2 ms, the LSTM unchanged; 512 gained nothing.
  if ((int64_t)M * N * K >= 1024) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, M, N, K, 1.0f, A, lda, B, ldb, beta, C, ldc);
    return;
  }
#endif
  for (int i = 0; i < M; i++) {
    float* c = C + (int64_t)i * ldc;
    if (beta == 0.0f) std::memset(c, 0, sizeof(float) * N);
    for (int k = 0; k < K; k++) {
      const float a = transA ? A[(int64_t)k * lda + i] : A[(int64_t)i * lda + k];
      if (a == 0.0f) continue;
      if (!transB) {
        const float* b = B + (int64_t)k * ldb;
        for (int j = 0; j < N; j++) c[j] += a * b[j];
      } else {
        for (int j = 0; j < N; j++) c[j] += a * B[(int64_t)j * ldb + k];
      }
    }
  }
}

// exp, sigmoid and tanh in float32 as plain arithmetic, so that the compiler vectorises the loops
// over a gate block (the library calls it would otherwise make took more time than the matrix
// products at hidden size 64). exp: Cody-Waite range reduction and the degree-7 polynomial of the
// Cephes library's expf (about 1 ulp); tanh: Cephes' odd polynomial below |x| = 0.625, else
// 1 - 2 / (exp(2|x|) + 1). NaN goes in, NaN comes out, so diverging training is still caught.
inline float fastExp(float x) {
  x = x < 88.3762626647949f ? x : 88.3762626647949f;
  x = x > -87.3365478515625f ? x : -87.3365478515625f;
  const float t = x * 1.44269504088896341f;
  const int n = (int)(t + (t >= 0.0f ? 0.5f : -0.5f));
  const float fn = (float)n;
  const float r = (x - fn * 0.693359375f) - fn * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  int32_t bits = (n + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

inline float sigmoid(float x) { return 1.0f / (1.0f + fastExp(-x)); }

inline float fastTanh(float x) {
  const float ax = std::fabs(x);
  // A blend rather than a branch, which the compiler vectorises; both sides stay finite for any
  // finite or infinite x (the polynomial sees 0 where it is not used).
  const float useSmall = ax < 0.625f ? 1.0f : 0.0f;
  const float xs = ax < 0.625f ? x : 0.0f;
  const float z = xs * xs;
  const float small = ((((-5.70498872745e-3f * z + 2.06390887954e-2f) * z - 5.37397155531e-2f) * z + 1.33314422036e-1f) * z - 3.33332819422e-1f) * z * xs + xs;
  const float large = std::copysign(1.0f - 2.0f / (fastExp(2.0f * ax) + 1.0f), x);
  return useSmall * small + (1.0f - useSmall) * large;
}

void sigmoidInPlace(float* a, int n) {
  for (int i = 0; i < n; i++) a[i] = sigmoid(a[i]);
}

void tanhInPlace(float* a, int n) {
  for (int i = 0; i < n; i++) a[i] = fastTanh(a[i]);
}

// out[j] += sum over the rows of M [rows, width] of M[r][j]: a bias's gradient over all timesteps.
void addColumnSums(float* out, const float* M, size_t rows, int width) {
  for (size_t r = 0; r < rows; r++)
    for (int j = 0; j < width; j++) out[j] += M[r * width + j];
}

struct Layer {
  int wih, whh, bih, bhh, inSize;
};

struct Kernel {
  int cell, I, H, L, T, P, G;
  bool last;
  int headIn, fcW, fcB, size;
  std::vector<Layer> layers;
  int capacityForward = 0, capacityBackward = 0;
  int B = 0;
  std::vector<float> w, g, x, y, dOut, dh, dc, zeros;
  // Per layer: gates after activation, cell states and their tanh (LSTM), hidden states, the
  // hidden projections HW (GRU), and the gradients at the input and hidden sides of the gates.
  std::vector<std::vector<float>> acts, cs, tcs, hs, hw, dA, dAH;
  std::vector<float> dUpper, dLower;

  // offsets: 4 per layer (weight_ih, weight_hh, bias_ih, bias_hh), then fc.weight, fc.bias, size.
  Kernel(int cell_, int I_, int H_, int L_, int T_, int P_, bool last_, const int32_t* offsets) : cell(cell_), I(I_), H(H_), L(L_), T(T_), P(P_), last(last_) {
    G = (cell == LSTM ? 4 : cell == GRU ? 3 : 1) * H;
    for (int k = 0; k < L; k++) {
      Layer layer;
      layer.inSize = k == 0 ? I : H;
      layer.wih = offsets[4 * k];
      layer.whh = offsets[4 * k + 1];
      layer.bih = offsets[4 * k + 2];
      layer.bhh = offsets[4 * k + 3];
      layers.push_back(layer);
    }
    headIn = last ? H : H * T;
    fcW = offsets[4 * L];
    fcB = offsets[4 * L + 1];
    size = offsets[4 * L + 2];
    // Every block must lie inside theta; blocks may not overlap.
    std::vector<std::pair<int64_t, int64_t>> blocks;
    for (const Layer& ly : layers) {
      blocks.push_back({ly.wih, (int64_t)G * ly.inSize});
      blocks.push_back({ly.whh, (int64_t)G * H});
      blocks.push_back({ly.bih, G});
      blocks.push_back({ly.bhh, G});
    }
    blocks.push_back({fcW, (int64_t)P * headIn});
    blocks.push_back({fcB, P});
    std::sort(blocks.begin(), blocks.end());
    int64_t end = 0;
    for (const auto& block : blocks) {
      if (block.first < end || block.first + block.second > size)
        throw Failure{"native kernel: options.offsets do not fit the shape (a block at " + std::to_string(block.first) + " of " + std::to_string(block.second) + " values in " + std::to_string(size) + ")"};
      end = block.first + block.second;
    }
    w.resize(size);
    g.resize(size);
    acts.resize(L);
    cs.resize(L);
    tcs.resize(L);
    hs.resize(L);
    dA.resize(L);
    hw.resize(L);
    dAH.resize(L);
  }

  // Buffers are sized for the largest batch seen, the forward pass's apart from the backward
  // pass's, so that inference (forward only, often in larger batches) allocates no gradients.
  void reserve(int batch, bool backwardToo) {
    B = batch;
    const size_t TB = (size_t)T * batch;
    if (batch > capacityForward) {
      capacityForward = batch;
      for (int k = 0; k < L; k++) {
        acts[k].resize(TB * G);
        hs[k].resize(TB * H);
        if (cell == GRU) hw[k].resize(TB * G);
        if (cell == LSTM) {
          cs[k].resize(TB * H);
          tcs[k].resize(TB * H);
        }
      }
      x.resize(TB * I);
      y.resize((size_t)batch * P);
      zeros.assign((size_t)batch * H, 0.0f);
    }
    if (backwardToo && batch > capacityBackward) {
      capacityBackward = batch;
      for (int k = 0; k < L; k++) {
        dA[k].resize(TB * G);
        if (cell == GRU) dAH[k].resize(TB * G);
      }
      dOut.resize(TB * H);
      dh.resize((size_t)batch * H);
      dc.resize((size_t)batch * H);
      const int widest = I > H ? I : H;
      dUpper.resize(TB * widest);
      dLower.resize(TB * widest);
    }
  }

  // Give the batch buffers back (the next call allocates them again).
  void release() {
    for (auto* set : {&acts, &cs, &tcs, &hs, &hw, &dA, &dAH})
      for (auto& v : *set) std::vector<float>().swap(v);
    for (auto* v : {&x, &y, &dOut, &dh, &dc, &zeros, &dUpper, &dLower}) std::vector<float>().swap(*v);
    capacityForward = capacityBackward = 0;
  }

  // Bytes held in batch buffers.
  size_t bufferBytes() const {
    size_t n = 0;
    for (auto* set : {&acts, &cs, &tcs, &hs, &hw, &dA, &dAH})
      for (auto& v : *set) n += v.capacity();
    for (auto* v : {&x, &y, &dOut, &dh, &dc, &zeros, &dUpper, &dLower}) n += v->capacity();
    return n * sizeof(float);
  }

  // Windows `rows` of inputs (window r's [T][I] values from inputs[r * stride]) into x, time-major [T][B][I].
  void gather(const float* inputs, int64_t stride, const int32_t* rows) {
    for (int b = 0; b < B; b++) {
      const float* src = inputs + (int64_t)rows[b] * stride;
      for (int t = 0; t < T; t++) std::memcpy(&x[((size_t)t * B + b) * I], src + (size_t)t * I, sizeof(float) * I);
    }
  }

  void forward() {
    const int B_ = B;
    for (int k = 0; k < L; k++) {
      const Layer& ly = layers[k];
      const float* in = k == 0 ? x.data() : hs[k - 1].data();
      float* A = acts[k].data();
      float* Hs = hs[k].data();
      const float* bih = &w[ly.bih];
      const float* bhh = &w[ly.bhh];
      const size_t TB = (size_t)T * B_;
      const bool gru = cell == GRU;
      for (size_t r = 0; r < TB; r++)
        for (int j = 0; j < G; j++) A[r * G + j] = gru ? bih[j] : bih[j] + bhh[j];
      gemm(false, true, (int)TB, G, ly.inSize, in, ly.inSize, &w[ly.wih], ly.inSize, 1.0f, A, G);
      for (int t = 0; t < T; t++) {
        float* At = A + (size_t)t * B_ * G;
        float* Ht = Hs + (size_t)t * B_ * H;
        if (gru) {
          // HW[t] = H[t-1] Whh^T + bhh (H[-1] = 0); r and z take it summed, n through r.
          float* HWt = hw[k].data() + (size_t)t * B_ * G;
          for (int b = 0; b < B_; b++) std::memcpy(HWt + (size_t)b * G, bhh, sizeof(float) * G);
          if (t > 0) gemm(false, true, B_, G, H, Hs + (size_t)(t - 1) * B_ * H, H, &w[ly.whh], H, 1.0f, HWt, G);
          const float* Hp = t > 0 ? Ht - (size_t)B_ * H : zeros.data();
          for (int b = 0; b < B_; b++) {
            float* a = At + (size_t)b * G;
            const float* hwb = HWt + (size_t)b * G;
            for (int j = 0; j < 2 * H; j++) a[j] += hwb[j];
            sigmoidInPlace(a, 2 * H);
            for (int j = 0; j < H; j++) a[2 * H + j] += a[j] * hwb[2 * H + j];
            tanhInPlace(a + 2 * H, H);
            const size_t row = (size_t)b * H;
            for (int j = 0; j < H; j++) Ht[row + j] = (1.0f - a[H + j]) * a[2 * H + j] + a[H + j] * Hp[row + j];
          }
          continue;
        }
        if (t > 0) gemm(false, true, B_, G, H, Hs + (size_t)(t - 1) * B_ * H, H, &w[ly.whh], H, 1.0f, At, G);
        if (cell == LSTM) {
          float* Ct = cs[k].data() + (size_t)t * B_ * H;
          float* TCt = tcs[k].data() + (size_t)t * B_ * H;
          const float* Cp = t > 0 ? Ct - (size_t)B_ * H : zeros.data();
          for (int b = 0; b < B_; b++) {
            float* a = At + (size_t)b * G;
            // Gate blocks i, f, g, o: sigmoid, sigmoid, tanh, sigmoid.
            sigmoidInPlace(a, 2 * H);
            tanhInPlace(a + 2 * H, H);
            sigmoidInPlace(a + 3 * H, H);
            const size_t row = (size_t)b * H;
            for (int j = 0; j < H; j++) Ct[row + j] = a[H + j] * Cp[row + j] + a[j] * a[2 * H + j];
            for (int j = 0; j < H; j++) TCt[row + j] = fastTanh(Ct[row + j]);
            for (int j = 0; j < H; j++) Ht[row + j] = a[3 * H + j] * TCt[row + j];
          }
        } else {
          const size_t n = (size_t)B_ * H;
          if (cell == RNN_TANH) {
            for (size_t i = 0; i < n; i++) At[i] = Ht[i] = fastTanh(At[i]);
          } else {
            for (size_t i = 0; i < n; i++) At[i] = Ht[i] = At[i] > 0.0f ? At[i] : 0.0f;
          }
        }
      }
    }
    // Head: y[b][o] = fc.bias[o] + sum over (t, j) of fc.weight[o][(t - first) * H + j] * h[t][b][j].
    const float* Htop = hs[L - 1].data();
    const int first = last ? T - 1 : 0;
    for (int b = 0; b < B_; b++) {
      for (int o = 0; o < P; o++) {
        float s = w[fcB + o];
        const float* wo = &w[fcW + (size_t)o * headIn];
        for (int t = first; t < T; t++) {
          const float* h = Htop + ((size_t)t * B_ + b) * H;
          const float* wt = wo + (size_t)(t - first) * H;
          for (int j = 0; j < H; j++) s += wt[j] * h[j];
        }
        y[(size_t)b * P + o] = s;
      }
    }
  }

  // Gradient of the mean squared error into g (window r's targets from targets[r * stride]); the input gradient into dx ([B][T][I]) if given.
  double backward(const float* targets, int64_t stride, const int32_t* rows, double* dx) {
    const int B_ = B;
    const size_t TB = (size_t)T * B_;
    std::fill(g.begin(), g.end(), 0.0f);
    std::fill(dOut.begin(), dOut.begin() + TB * H, 0.0f);
    const float scale = 2.0f / (float)(B_ * P);
    const int first = last ? T - 1 : 0;
    const float* Htop = hs[L - 1].data();
    double sum = 0;
    for (int b = 0; b < B_; b++) {
      for (int o = 0; o < P; o++) {
        const float err = y[(size_t)b * P + o] - targets[(int64_t)rows[b] * stride + o];
        sum += (double)err * err;
        const float dy = scale * err;
        g[fcB + o] += dy;
        float* gw = &g[fcW + (size_t)o * headIn];
        const float* wo = &w[fcW + (size_t)o * headIn];
        for (int t = first; t < T; t++) {
          const size_t h = ((size_t)t * B_ + b) * H;
          const size_t wt = (size_t)(t - first) * H;
          for (int j = 0; j < H; j++) {
            gw[wt + j] += dy * Htop[h + j];
            dOut[h + j] += dy * wo[wt + j];
          }
        }
      }
    }
    // dIn: the gradient arriving at the current layer's outputs, [T][B][H].
    float* dIn = dOut.data();
    for (int k = L - 1; k >= 0; k--) {
      const Layer& ly = layers[k];
      const float* A = acts[k].data();
      const float* Hs = hs[k].data();
      float* D = dA[k].data();
      // The hidden side's gradient: its own for the GRU, dA itself for LSTM and RNN.
      float* DH = cell == GRU ? dAH[k].data() : D;
      std::fill(dh.begin(), dh.begin() + (size_t)B_ * H, 0.0f);
      std::fill(dc.begin(), dc.begin() + (size_t)B_ * H, 0.0f);
      for (int t = T - 1; t >= 0; t--) {
        const size_t off = (size_t)t * B_;
        float* Dt = D + off * G;
        const float* At = A + off * G;
        const float* dInt = dIn + off * H;
        if (cell == GRU) {
          float* DHt = DH + off * G;
          const float* HWt = hw[k].data() + off * G;
          const float* Hp = t > 0 ? Hs + (off - B_) * H : zeros.data();
          for (int b = 0; b < B_; b++) {
            const float* a = At + (size_t)b * G;
            const float* hwb = HWt + (size_t)b * G;
            float* d = Dt + (size_t)b * G;
            float* dhid = DHt + (size_t)b * G;
            for (int j = 0; j < H; j++) {
              const size_t at = (size_t)b * H + j;
              const float rg = a[j], zg = a[H + j], ng = a[2 * H + j];
              const float dhv = dInt[at] + dh[at];
              // h' = (1 - z) n + z h: the gates through n and z, and h directly through z.
              const float dan = dhv * (1.0f - zg) * (1.0f - ng * ng);
              const float dar = dan * hwb[2 * H + j] * rg * (1.0f - rg);
              const float daz = dhv * (Hp[at] - ng) * zg * (1.0f - zg);
              d[j] = dhid[j] = dar;
              d[H + j] = dhid[H + j] = daz;
              d[2 * H + j] = dan;
              dhid[2 * H + j] = dan * rg;
              dh[at] = dhv * zg;
            }
          }
          // dh for step t-1: the direct path above plus dAH[t] Whh.
          if (t > 0) gemm(false, false, B_, H, G, DHt, G, &w[ly.whh], H, 1.0f, dh.data(), H);
          continue;
        }
        if (cell == LSTM) {
          const float* TCt = tcs[k].data() + off * H;
          const float* Cp = t > 0 ? cs[k].data() + (off - B_) * H : zeros.data();
          for (int b = 0; b < B_; b++) {
            const float* a = At + (size_t)b * G;
            float* d = Dt + (size_t)b * G;
            for (int j = 0; j < H; j++) {
              const size_t at = (size_t)b * H + j;
              const float ig = a[j], fg = a[H + j], gg = a[2 * H + j], og = a[3 * H + j];
              const float tc = TCt[at];
              const float dhv = dInt[at] + dh[at];
              const float dcv = dc[at] + dhv * og * (1.0f - tc * tc);
              d[j] = dcv * gg * ig * (1.0f - ig);
              d[H + j] = dcv * Cp[at] * fg * (1.0f - fg);
              d[2 * H + j] = dcv * ig * (1.0f - gg * gg);
              d[3 * H + j] = dhv * tc * og * (1.0f - og);
              dc[at] = dcv * fg;
            }
          }
        } else {
          const size_t n = (size_t)B_ * H;
          if (cell == RNN_TANH) {
            for (size_t i = 0; i < n; i++) Dt[i] = (dInt[i] + dh[i]) * (1.0f - At[i] * At[i]);
          } else {
            for (size_t i = 0; i < n; i++) Dt[i] = At[i] > 0.0f ? dInt[i] + dh[i] : 0.0f;
          }
        }
        // dh for step t-1: dA[t] Whh.
        if (t > 0) gemm(false, false, B_, H, G, Dt, G, &w[ly.whh], H, 0.0f, dh.data(), H);
      }
      // Weight gradients over all timesteps at once (h[-1] = 0, so step 0 adds nothing to dWhh).
      if (T > 1) gemm(true, false, G, H, (int)(TB - B_), DH + (size_t)B_ * G, G, Hs, H, 1.0f, &g[ly.whh], H);
      const float* in = k == 0 ? x.data() : hs[k - 1].data();
      gemm(true, false, G, ly.inSize, (int)TB, D, G, in, ly.inSize, 1.0f, &g[ly.wih], ly.inSize);
      addColumnSums(&g[ly.bih], D, TB, G);
      if (cell == GRU) addColumnSums(&g[ly.bhh], DH, TB, G);
      else std::memcpy(&g[ly.bhh], &g[ly.bih], sizeof(float) * G);
      // The gradient at this layer's inputs: the next layer down's dIn, or dx.
      if (k > 0 || dx) {
        float* dX = (dIn == dUpper.data()) ? dLower.data() : dUpper.data();
        gemm(false, false, (int)TB, ly.inSize, G, D, G, &w[ly.wih], ly.inSize, 0.0f, dX, ly.inSize);
        if (k == 0) {
          for (int t = 0; t < T; t++)
            for (int b = 0; b < B_; b++)
              for (int i = 0; i < I; i++) dx[((size_t)b * T + t) * I + i] = dX[((size_t)t * B_ + b) * I + i];
        }
        dIn = dX;
      }
    }
    return sum;
  }
};

// ---- N-API glue ----------------------------------------------------------------------------

void check(napi_env env, napi_status status, const char* what) {
  if (status != napi_ok) throw Failure{std::string("native kernel: ") + what};
}

template <typename T>
struct View {
  T* data = nullptr;
  size_t length = 0;
};

template <typename T>
View<T> typedArray(napi_env env, napi_value value, napi_typedarray_type want, const char* name) {
  bool is = false;
  check(env, napi_is_typedarray(env, value, &is), name);
  if (!is) throw Failure{std::string("native kernel: ") + name + " must be a typed array"};
  napi_typedarray_type type;
  size_t length;
  void* data;
  napi_value buffer;
  size_t offset;
  check(env, napi_get_typedarray_info(env, value, &type, &length, &data, &buffer, &offset), name);
  if (type != want) {
    const char* kind = want == napi_float64_array ? "Float64Array" : want == napi_float32_array ? "Float32Array" : "Int32Array";
    throw Failure{std::string("native kernel: ") + name + " must be a " + kind};
  }
  return View<T>{static_cast<T*>(data), length};
}

int intArg(napi_env env, napi_value value, const char* name) {
  int32_t out;
  if (napi_get_value_int32(env, value, &out) != napi_ok) throw Failure{std::string("native kernel: ") + name + " must be a number"};
  return out;
}

// A kernel as JavaScript holds it: one Kernel per thread, each with its own weights and batch
// buffers. A batch is cut into contiguous parts, one per thread, and the parts' gradients are
// combined weighted by their sizes, so one thread computes exactly what it always did.
struct Handle {
  std::vector<std::unique_ptr<Kernel>> workers;
  // Bytes of batch buffers reported to V8 as external memory, so that its collector knows them.
  int64_t reported = 0;

  size_t bufferBytes() const {
    size_t n = 0;
    for (const auto& w : workers) n += w->bufferBytes();
    return n;
  }
};

void report(napi_env env, Handle* handle) {
  const int64_t now = (int64_t)handle->bufferBytes();
  if (now == handle->reported) return;  // the usual case: a batch like the last one
  int64_t total;
  napi_adjust_external_memory(env, now - handle->reported, &total);
  handle->reported = now;
}

void finalize(napi_env env, void* data, void*) {
  Handle* handle = static_cast<Handle*>(data);
  int64_t total;
  napi_adjust_external_memory(env, -handle->reported, &total);
  delete handle;
}

Handle* kernelArg(napi_env env, napi_value value) {
  void* data = nullptr;
  if (napi_get_value_external(env, value, &data) != napi_ok || !data) throw Failure{"native kernel: the first argument must be a kernel from create()"};
  return static_cast<Handle*>(data);
}

// Where each thread's part of a batch of B rows starts: parts + 1 bounds, at most one part per row.
std::vector<int> parts(int B, size_t threads) {
  const int count = std::max(1, std::min((int)threads, B));
  std::vector<int> from(count + 1);
  for (int p = 0; p <= count; p++) from[p] = (int)((int64_t)B * p / count);
  return from;
}

// body(p) for every part p, part 0 on the calling thread; the first failure is rethrown here.
template <typename F>
void inParallel(int count, F body) {
  if (count == 1) {
    body(0);
    return;
  }
  std::vector<std::exception_ptr> errors(count);
  std::vector<std::thread> threads;
  for (int p = 1; p < count; p++)
    threads.emplace_back([&, p]() {
      try {
        body(p);
      } catch (...) {
        errors[p] = std::current_exception();
      }
    });
  try {
    body(0);
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (auto& thread : threads) thread.join();
  for (auto& error : errors)
    if (error) std::rethrow_exception(error);
}

template <typename F>
napi_value guarded(napi_env env, F body) {
  try {
    return body();
  } catch (const Failure& failure) {
    napi_throw_error(env, nullptr, failure.message.c_str());
  } catch (const std::bad_alloc&) {
    napi_throw_error(env, nullptr, "native kernel: out of memory");
  } catch (const std::exception& error) {
    napi_throw_error(env, nullptr, (std::string("native kernel: ") + error.what()).c_str());
  }
  return nullptr;
}

std::vector<napi_value> args(napi_env env, napi_callback_info info, size_t want) {
  std::vector<napi_value> out(want);
  size_t argc = want;
  check(env, napi_get_cb_info(env, info, &argc, out.data(), nullptr, nullptr), "arguments");
  if (argc < want) throw Failure{"native kernel: expected " + std::to_string(want) + " arguments, got " + std::to_string(argc)};
  return out;
}

// Property `name` of the object `owner` names in messages, a whole number of at least `least`.
int intOption(napi_env env, napi_value options, const char* name, int least, const char* owner = "options") {
  napi_value value;
  napi_valuetype type;
  if (napi_get_named_property(env, options, name, &value) != napi_ok || napi_typeof(env, value, &type) != napi_ok || type != napi_number)
    throw Failure{std::string("native kernel: ") + owner + "." + name + " must be a number"};
  double number;
  check(env, napi_get_value_double(env, value, &number), name);
  if (!(number >= least) || number > 1e8 || number != std::floor(number))
  {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%g", number);
    throw Failure{std::string("native kernel: ") + owner + "." + name + " must be a whole number of at least " + std::to_string(least) + ", got " + shown};
  }
  return (int)number;
}

// Windows as JavaScript passes them (src/data/WindowArrays.ts): window r's [T][I] inputs from
// inputs[r * inputStride], its P targets from targets[r * targetStride].
struct Windows {
  View<float> inputs;
  int64_t inputStride = 0;
  View<float> targets;
  int64_t targetStride = 0;
};

// The windows object { inputs, inputStride, targets?, targetStride? } (targets only `withTargets`).
Windows windowsArg(napi_env env, napi_value value, bool withTargets) {
  napi_valuetype type;
  check(env, napi_typeof(env, value, &type), "windows");
  if (type != napi_object) throw Failure{"native kernel: windows must be an object { inputs, inputStride, targets, targetStride }"};
  Windows out;
  napi_value field;
  check(env, napi_get_named_property(env, value, "inputs", &field), "windows.inputs");
  out.inputs = typedArray<float>(env, field, napi_float32_array, "windows.inputs");
  out.inputStride = intOption(env, value, "inputStride", 1, "windows");
  if (withTargets) {
    check(env, napi_get_named_property(env, value, "targets", &field), "windows.targets");
    out.targets = typedArray<float>(env, field, napi_float32_array, "windows.targets");
    out.targetStride = intOption(env, value, "targetStride", 1, "windows");
  }
  return out;
}

// How many windows of `size` values, `stride` apart, an array of `length` values holds.
int64_t windowCount(size_t length, int64_t stride, int64_t size) {
  return (int64_t)length < size ? 0 : ((int64_t)length - size) / stride + 1;
}

// Check theta, the windows and the rows against the kernel's shapes: every row's inputs (and targets) lie inside the arrays.
void validate(const Kernel* kernel, View<double> theta, const Windows& windows, View<int32_t> rows, bool withTargets) {
  if ((int64_t)theta.length != kernel->size)
    throw Failure{"native kernel: theta has " + std::to_string(theta.length) + " values, the model " + std::to_string(kernel->size)};
  const int64_t per = (int64_t)kernel->T * kernel->I;
  const int64_t n = windowCount(windows.inputs.length, windows.inputStride, per);
  const int64_t withTarget = withTargets ? windowCount(windows.targets.length, windows.targetStride, kernel->P) : n;
  for (size_t b = 0; b < rows.length; b++) {
    const int32_t row = rows.data[b];
    if (row < 0 || row >= n)
      throw Failure{"native kernel: rows[" + std::to_string(b) + "] = " + std::to_string(row) + " is outside the " + std::to_string(n) + " windows of windows.inputs (" +
                    std::to_string(windows.inputs.length) + " values, a window every " + std::to_string(windows.inputStride) + ", seqLen * inputSize = " + std::to_string(per) + " each)"};
    if (row >= withTarget)
      throw Failure{"native kernel: rows[" + std::to_string(b) + "] = " + std::to_string(row) + " is outside the " + std::to_string(withTarget) + " windows of windows.targets (" +
                    std::to_string(windows.targets.length) + " values, a window every " + std::to_string(windows.targetStride) + ", horizon = " + std::to_string(kernel->P) + " each)"};
  }
}

// Load theta into one worker's float weights and gather its rows.
void load(Kernel* kernel, const double* theta, const Windows& windows, const int32_t* rows, int count, bool backwardToo) {
  for (int i = 0; i < kernel->size; i++) kernel->w[i] = (float)theta[i];
  kernel->reserve(count, backwardToo);
  kernel->gather(windows.inputs.data, windows.inputStride, rows);
}

// String property `name` of the options object, one of `choices`.
std::string stringOption(napi_env env, napi_value options, const char* name, const std::vector<std::string>& choices) {
  std::string list;
  for (const auto& choice : choices) list += (list.empty() ? "\"" : ", \"") + choice + "\"";
  napi_value value;
  char text[16] = {0};
  size_t length = 0;
  if (napi_get_named_property(env, options, name, &value) != napi_ok || napi_get_value_string_utf8(env, value, text, sizeof text, &length) != napi_ok)
    throw Failure{std::string("native kernel: options.") + name + " must be one of " + list};
  const std::string got(text, length);
  if (std::find(choices.begin(), choices.end(), got) == choices.end())
    throw Failure{std::string("native kernel: options.") + name + " must be one of " + list + ", got \"" + got + "\""};
  return got;
}

// create({ kind: 'lstm' | 'rnn' | 'gru', nonlinearity: 'tanh' | 'relu', inputSize, hiddenSize, numLayers, seqLen, horizon, lastHead, offsets, threads? }) -> kernel
napi_value Create(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() {
    auto a = args(env, info, 1);
    napi_valuetype type;
    check(env, napi_typeof(env, a[0], &type), "options");
    if (type != napi_object) throw Failure{"native kernel: create() takes an options object"};
    const std::string kind = stringOption(env, a[0], "kind", {"lstm", "rnn", "gru"});
    const std::string nonlinearity = stringOption(env, a[0], "nonlinearity", {"tanh", "relu"});
    const int cell = kind == "lstm" ? LSTM : kind == "gru" ? GRU : nonlinearity == "relu" ? RNN_RELU : RNN_TANH;
    const int I = intOption(env, a[0], "inputSize", 1), H = intOption(env, a[0], "hiddenSize", 1), L = intOption(env, a[0], "numLayers", 1);
    const int T = intOption(env, a[0], "seqLen", 1), P = intOption(env, a[0], "horizon", 1);
    napi_value lastValue;
    bool last = false;
    if (napi_get_named_property(env, a[0], "lastHead", &lastValue) != napi_ok || napi_get_value_bool(env, lastValue, &last) != napi_ok)
      throw Failure{"native kernel: options.lastHead must be a boolean"};
    napi_value offsetsValue;
    check(env, napi_get_named_property(env, a[0], "offsets", &offsetsValue), "options.offsets");
    auto offsets = typedArray<int32_t>(env, offsetsValue, napi_int32_array, "options.offsets");
    if (offsets.length != (size_t)(4 * L + 3))
      throw Failure{"native kernel: options.offsets has " + std::to_string(offsets.length) + " values, expected 4 * numLayers + 3 = " + std::to_string(4 * L + 3)};
    int threads = 1;
    bool hasThreads = false;
    check(env, napi_has_named_property(env, a[0], "threads", &hasThreads), "options.threads");
    if (hasThreads) threads = intOption(env, a[0], "threads", 1);
    if (threads > 256) throw Failure{"native kernel: options.threads must be at most 256, got " + std::to_string(threads)};
    auto handle = std::make_unique<Handle>();
    for (int p = 0; p < threads; p++) handle->workers.push_back(std::make_unique<Kernel>(cell, I, H, L, T, P, last, offsets.data));
    napi_value out;
    if (napi_create_external(env, handle.get(), finalize, nullptr, &out) != napi_ok) throw Failure{"native kernel: could not create the kernel object"};
    handle.release();
    return out;
  });
}

// lossAndGradient(kernel, theta, grad, windows, rows, dx | null) -> summed squared error
napi_value LossAndGradient(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() {
    auto a = args(env, info, 6);
    Handle* handle = kernelArg(env, a[0]);
    const Kernel* first = handle->workers[0].get();
    auto theta = typedArray<double>(env, a[1], napi_float64_array, "theta");
    auto grad = typedArray<double>(env, a[2], napi_float64_array, "grad");
    const Windows windows = windowsArg(env, a[3], true);
    auto rows = typedArray<int32_t>(env, a[4], napi_int32_array, "rows");
    napi_valuetype dxType;
    check(env, napi_typeof(env, a[5], &dxType), "dx");
    View<double> dx;
    if (dxType != napi_null && dxType != napi_undefined) dx = typedArray<double>(env, a[5], napi_float64_array, "dx");
    if (grad.length != theta.length) throw Failure{"native kernel: grad and theta differ in length"};
    validate(first, theta, windows, rows, true);
    if (dx.data && dx.length < rows.length * first->T * first->I) throw Failure{"native kernel: dx is shorter than batch * seqLen * inputSize"};
    const int B = (int)rows.length;
    const std::vector<int> from = parts(B, handle->workers.size());
    const int count = (int)from.size() - 1;
    const size_t perRow = (size_t)first->T * first->I;
    std::vector<double> sums(count);
    inParallel(count, [&](int p) {
      Kernel* kernel = handle->workers[p].get();
      const int32_t* part = rows.data + from[p];
      load(kernel, theta.data, windows, part, from[p + 1] - from[p], true);
      kernel->forward();
      sums[p] = kernel->backward(windows.targets.data, windows.targetStride, part, dx.data ? dx.data + (size_t)from[p] * perRow : nullptr);
    });
    report(env, handle);
    // Each part's gradient is of its own mean; the batch's mean weighs them by their sizes.
    double sum = 0;
    for (int p = 0; p < count; p++) {
      const double weight = (double)(from[p + 1] - from[p]) / B;
      const Kernel* kernel = handle->workers[p].get();
      for (int i = 0; i < kernel->size; i++) grad.data[i] = (p == 0 ? 0.0 : grad.data[i]) + weight * kernel->g[i];
      if (dx.data && count > 1)
        for (size_t i = (size_t)from[p] * perRow; i < (size_t)from[p + 1] * perRow; i++) dx.data[i] *= weight;
      sum += sums[p];
    }
    napi_value out;
    check(env, napi_create_double(env, sum, &out), "result");
    return out;
  });
}

// predict(kernel, theta, windows, rows, out) -> undefined; out[b * horizon + o] (windows' targets are not read)
napi_value Predict(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() {
    auto a = args(env, info, 5);
    Handle* handle = kernelArg(env, a[0]);
    const Kernel* first = handle->workers[0].get();
    auto theta = typedArray<double>(env, a[1], napi_float64_array, "theta");
    const Windows windows = windowsArg(env, a[2], false);
    auto rows = typedArray<int32_t>(env, a[3], napi_int32_array, "rows");
    auto out = typedArray<double>(env, a[4], napi_float64_array, "out");
    if (out.length < rows.length * first->P) throw Failure{"native kernel: out is shorter than batch * horizon"};
    validate(first, theta, windows, rows, false);
    const std::vector<int> from = parts((int)rows.length, handle->workers.size());
    inParallel((int)from.size() - 1, [&](int p) {
      Kernel* kernel = handle->workers[p].get();
      const int count = from[p + 1] - from[p];
      load(kernel, theta.data, windows, rows.data + from[p], count, false);
      kernel->forward();
      for (size_t i = 0; i < (size_t)count * kernel->P; i++) out.data[(size_t)from[p] * kernel->P + i] = kernel->y[i];
    });
    report(env, handle);
    napi_value undefined;
    napi_get_undefined(env, &undefined);
    return undefined;
  });
}

// release(kernel) -> undefined: frees the batch buffers (the next call allocates them again).
napi_value Release(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() {
    auto a = args(env, info, 1);
    Handle* handle = kernelArg(env, a[0]);
    for (auto& worker : handle->workers) worker->release();
    report(env, handle);
    napi_value undefined;
    napi_get_undefined(env, &undefined);
    return undefined;
  });
}

napi_value Init(napi_env env, napi_value exports) {
#ifdef USE_CBLAS
  // One thread per BLAS call: the kernel splits a batch across threads itself (options.threads).
  openblas_set_num_threads(1);
  const char* blas = "openblas";
#else
  const char* blas = "none";
#endif
  napi_property_descriptor properties[] = {
      {"create", nullptr, Create, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"lossAndGradient", nullptr, LossAndGradient, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"predict", nullptr, Predict, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"release", nullptr, Release, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, 4, properties);
  napi_value blasName;
  napi_create_string_utf8(env, blas, NAPI_AUTO_LENGTH, &blasName);
  napi_set_named_property(env, exports, "blas", blasName);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
