#include "nlp/ml/perceptron.h"

#include <algorithm>
#include <cmath>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define KG_UD_X86_DISPATCH 1
#include <immintrin.h>
#endif

namespace kg {
namespace {

std::size_t HomeSlot(std::uint64_t key, std::size_t mask) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  return static_cast<std::size_t>(key) & mask;
}

// Dense rows hold a multiple of this many values (zeros past the model's
// classes), so that vector code reads whole groups of 16 classes.
constexpr int kDenseGroup = 16;

int DenseStride(int num_classes) {
  return (num_classes + kDenseGroup - 1) / kDenseGroup * kDenseGroup;
}

// Adds each of `count` dense rows (rows[i] the first of DenseStride(n)
// int16 values) to sums[0, n). Integer sums do not depend on the order of
// the rows.
void AddRowsScalar(const std::int16_t* const* rows, std::size_t count, int n,
                   std::int32_t* sums) {
  for (std::size_t i = 0; i < count; ++i) {
    for (int c = 0; c < n; ++c) sums[c] += rows[i][c];
  }
}

#if KG_UD_X86_DISPATCH
// Each group of 16 classes stays in a register while every row adds to it.
// The last group reads the rows' zero padding and keeps sums[n...] as they
// are (a masked load and store), so there is no scalar tail.
__attribute__((target("avx512f"))) void AddRowsAvx512(
    const std::int16_t* const* rows, std::size_t count, int n,
    std::int32_t* sums) {
  for (int c = 0; c < n; c += kDenseGroup) {
    const __mmask16 lanes =
        n - c >= kDenseGroup ? 0xFFFF : (__mmask16{1} << (n - c)) - 1;
    __m512i acc = _mm512_maskz_loadu_epi32(lanes, sums + c);
    for (std::size_t i = 0; i < count; ++i) {
      const __m256i v =
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(rows[i] + c));
      acc = _mm512_add_epi32(acc, _mm512_maskz_cvtepi16_epi32(0xFFFF, v));
    }
    _mm512_mask_storeu_epi32(sums + c, lanes, acc);
  }
}

__attribute__((target("avx2"))) void AddRowsAvx2(
    const std::int16_t* const* rows, std::size_t count, int n,
    std::int32_t* sums) {
  int c = 0;
  for (; c + 8 <= n; c += 8) {
    __m256i acc =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(sums + c));
    for (std::size_t i = 0; i < count; ++i) {
      const __m128i v =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[i] + c));
      acc = _mm256_add_epi32(acc, _mm256_cvtepi16_epi32(v));
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(sums + c), acc);
  }
  for (std::size_t i = 0; i < count; ++i) {
    for (int k = c; k < n; ++k) sums[k] += rows[i][k];
  }
}
#endif

// scores[c] += scale * sums[c] for c < n: a multiplication then an
// addition per class (never fused), so every version gives the same bits.
void AddScaledSumsScalar(const std::int32_t* sums, int n, float scale,
                         float* scores) {
  for (int c = 0; c < n; ++c) scores[c] += scale * static_cast<float>(sums[c]);
}

#if KG_UD_X86_DISPATCH
// AVX2 without FMA, so that the compiler cannot fuse the two steps.
__attribute__((target("avx2"))) void AddScaledSumsAvx2(const std::int32_t* sums,
                                                       int n, float scale,
                                                       float* scores) {
  const __m256 factor = _mm256_set1_ps(scale);
  int c = 0;
  for (; c + 8 <= n; c += 8) {
    const __m256 s = _mm256_cvtepi32_ps(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(sums + c)));
    _mm256_storeu_ps(scores + c, _mm256_add_ps(_mm256_loadu_ps(scores + c),
                                               _mm256_mul_ps(factor, s)));
  }
  AddScaledSumsScalar(sums + c, n - c, scale, scores + c);
}
#endif

void ScaleAndAdd(const std::int32_t* sums, int n, float scale, float* scores) {
#if KG_UD_X86_DISPATCH
  static const bool kAvx2 = __builtin_cpu_supports("avx2");
  if (kAvx2) return AddScaledSumsAvx2(sums, n, scale, scores);
#endif
  AddScaledSumsScalar(sums, n, scale, scores);
}

void AddRows(const std::int16_t* const* rows, std::size_t count, int n,
             std::int32_t* sums) {
#if KG_UD_X86_DISPATCH
  static const bool kAvx512 = __builtin_cpu_supports("avx512f");
  static const bool kAvx2 = __builtin_cpu_supports("avx2");
  if (kAvx512) return AddRowsAvx512(rows, count, n, sums);
  if (kAvx2) return AddRowsAvx2(rows, count, n, sums);
#endif
  AddRowsScalar(rows, count, n, sums);
}

}  // namespace

std::uint32_t FeatureIndex::Find(std::uint64_t key) const {
  if (keys_.empty()) return kAbsent;
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t i = HomeSlot(key, mask);; i = (i + 1) & mask) {
    if (rows_[i] == kAbsent) return kAbsent;
    if (keys_[i] == key) return rows_[i];
  }
}

std::uint32_t FeatureIndex::FindOrInsert(std::uint64_t key,
                                         std::uint32_t next_row) {
  if ((size_ + 1) * 2 > keys_.size()) Grow();
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t i = HomeSlot(key, mask);; i = (i + 1) & mask) {
    if (rows_[i] == kAbsent) {
      keys_[i] = key;
      rows_[i] = next_row;
      ++size_;
      return next_row;
    }
    if (keys_[i] == key) return rows_[i];
  }
}

void FeatureIndex::Grow() {
  std::vector<std::uint64_t> old_keys = std::move(keys_);
  std::vector<std::uint32_t> old_rows = std::move(rows_);
  const std::size_t capacity = std::max<std::size_t>(1024, old_keys.size() * 2);
  keys_.assign(capacity, 0);
  rows_.assign(capacity, kAbsent);
  size_ = 0;
  for (std::size_t i = 0; i < old_keys.size(); ++i) {
    if (old_rows[i] != kAbsent) FindOrInsert(old_keys[i], old_rows[i]);
  }
}

std::vector<std::uint64_t> FeatureIndex::KeysByRow() const {
  std::vector<std::uint64_t> keys(size_);
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (rows_[i] != kAbsent) keys[rows_[i]] = keys_[i];
  }
  return keys;
}

void Perceptron::Score(const std::vector<std::uint64_t>& features,
                       float* scores) const {
  if (finalized_) {
    std::int32_t sums[256];  // num_classes_ <= 255 (Valid()).
    std::fill_n(sums, num_classes_, 0);
    AddRowSums(features.data(), features.size(), sums);
    AddScaledSums(sums, scores);
    return;
  }
  for (std::uint64_t feature : features) {
    const std::uint32_t row = index_.Find(feature);
    if (row == FeatureIndex::kAbsent) continue;
    for (const Entry& e : rows_[row]) scores[e.cls] += e.weight;
  }
}

// Lookups are random accesses into tables far larger than the cache, so
// each batch of features is resolved in stages, prefetching the slots and
// then the rows of all of them before reading any. Weights are summed as
// integers (one scale for the whole model), so the order in which rows
// are added does not change the scores: dense rows are added together,
// then the sparse ones.
void Perceptron::AddRowSums(const std::uint64_t* features,
                            std::size_t num_features,
                            std::int32_t* sums) const {
  if (slots_.empty()) return;
  constexpr std::size_t kBatch = 128;
  const std::size_t mask = slots_.size() - 1;
  std::size_t home[kBatch];
  const std::int16_t* dense_rows[kBatch];
  std::uint32_t sparse_begin[kBatch];
  std::uint32_t sparse_end[kBatch];
  for (std::size_t first = 0; first < num_features; first += kBatch) {
    const std::size_t count = std::min(kBatch, num_features - first);
    for (std::size_t i = 0; i < count; ++i) {
      home[i] = HomeSlot(features[first + i] & kKeyMask, mask);
      __builtin_prefetch(&slots_[home[i]]);
    }
    std::size_t dense = 0, sparse = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint64_t key = features[first + i] & kKeyMask;
      for (std::size_t j = home[i];; j = (j + 1) & mask) {
        const Slot& slot = slots_[j];
        if (slot.end == kEmptySlot) break;
        if ((slot.key & kKeyMask) != key) continue;
        if (slot.end == kInlineRow) {
          const std::uint32_t classes = slot.key >> kKeyBits;
          sums[classes & 0xFF] += static_cast<std::int16_t>(slot.begin);
          sums[classes >> 8] += static_cast<std::int16_t>(slot.begin >> 16);
        } else if (slot.end == kDenseRow) {
          dense_rows[dense++] = &dense_[slot.begin];
          __builtin_prefetch(&dense_[slot.begin]);
        } else {
          sparse_begin[sparse] = slot.begin;
          sparse_end[sparse++] = slot.end;
          __builtin_prefetch(&weights_[slot.begin]);
        }
        break;
      }
    }
    AddRows(dense_rows, dense, num_classes_, sums);
    for (std::size_t i = 0; i < sparse; ++i) {
      for (std::uint32_t k = sparse_begin[i]; k < sparse_end[i]; ++k) {
        sums[weights_[k].cls] += weights_[k].value;
      }
    }
  }
}

void Perceptron::AddScaledSums(const std::int32_t* sums, float* scores) const {
  ScaleAndAdd(sums, num_classes_, scale_, scores);
}

void Perceptron::Update(const std::vector<std::uint64_t>& features, int truth,
                        int guess) {
  if (truth == guess) return;
  const float c = static_cast<float>(instances_);
  for (std::uint64_t feature : features) {
    const std::uint32_t row =
        index_.FindOrInsert(feature, static_cast<std::uint32_t>(rows_.size()));
    if (row == rows_.size()) rows_.emplace_back();
    std::vector<Entry>& entries = rows_[row];
    for (auto [cls, delta] :
         {std::pair{truth, 1.0f}, std::pair{guess, -1.0f}}) {
      auto it = std::find_if(entries.begin(), entries.end(),
                             [&](const Entry& e) { return e.cls == cls; });
      if (it == entries.end()) {
        entries.push_back(Entry{static_cast<std::uint16_t>(cls), 0.0f, 0.0f});
        it = entries.end() - 1;
      }
      it->weight += delta;
      it->total += c * delta;
    }
  }
}

Perceptron Perceptron::Finalized(float prune) const {
  Perceptron out(num_classes_);
  out.finalized_ = true;
  const std::vector<std::uint64_t> keys = index_.KeysByRow();
  const float c = static_cast<float>(instances_);
  float max_abs = 0.0f;
  for (const auto& entries : rows_) {
    for (const Entry& e : entries) {
      max_abs = std::max(max_abs, std::fabs(e.weight - e.total / c));
    }
  }
  out.scale_ = max_abs > 0.0f ? max_abs / 32767.0f : 1.0f;
  prune = std::max(prune, out.scale_ * 0.5f);
  out.offsets_.push_back(0);
  std::vector<std::pair<int, float>> row;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    row.clear();
    for (const Entry& e : rows_[r]) {
      row.emplace_back(e.cls, e.weight - e.total / c);
    }
    std::sort(row.begin(), row.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    out.AppendQuantisedRow(keys[r] & kKeyMask, row, prune);
  }
  out.BuildLookup();
  return out;
}

void Perceptron::AppendQuantisedRow(
    std::uint64_t key, const std::vector<std::pair<int, float>>& weights,
    float min_abs) {
  const std::size_t before = weights_.size();
  for (const auto& [cls, w] : weights) {
    if (std::fabs(w) < min_abs) continue;
    const auto value = static_cast<std::int16_t>(std::lround(w / scale_));
    if (value == 0) continue;
    weights_.push_back(PackedWeight{value, static_cast<std::uint8_t>(cls)});
  }
  if (weights_.size() == before) return;
  keys_.push_back(key);
  offsets_.push_back(static_cast<std::uint32_t>(weights_.size()));
}

Perceptron Perceptron::Average(const std::vector<const Perceptron*>& models) {
  struct Weight {
    std::uint64_t key;
    int cls;
    float value;
  };
  std::vector<Weight> all;
  for (const Perceptron* m : models) {
    for (std::size_t r = 0; r < m->keys_.size(); ++r) {
      for (std::uint32_t k = m->offsets_[r]; k < m->offsets_[r + 1]; ++k) {
        all.push_back(Weight{m->keys_[r], m->weights_[k].cls,
                             m->scale_ * m->weights_[k].value});
      }
    }
  }
  // Summed in model order within each (key, class), so the result does
  // not depend on the sort's tie order.
  std::stable_sort(all.begin(), all.end(),
                   [](const Weight& a, const Weight& b) {
                     return a.key != b.key ? a.key < b.key : a.cls < b.cls;
                   });
  std::vector<Weight> merged;
  for (const Weight& w : all) {
    if (!merged.empty() && merged.back().key == w.key &&
        merged.back().cls == w.cls) {
      merged.back().value += w.value;
    } else {
      merged.push_back(w);
    }
  }
  all = std::vector<Weight>();
  const float n = static_cast<float>(models.empty() ? 1 : models.size());
  float max_abs = 0.0f;
  for (Weight& w : merged) {
    w.value /= n;
    max_abs = std::max(max_abs, std::fabs(w.value));
  }
  Perceptron out(models.empty() ? 0 : models.front()->num_classes_);
  out.finalized_ = true;
  out.scale_ = max_abs > 0.0f ? max_abs / 32767.0f : 1.0f;
  out.offsets_.push_back(0);
  std::vector<std::pair<int, float>> row;
  for (std::size_t i = 0; i < merged.size(); ++i) {
    row.emplace_back(merged[i].cls, merged[i].value);
    if (i + 1 < merged.size() && merged[i + 1].key == merged[i].key) continue;
    out.AppendQuantisedRow(merged[i].key, row, 0.0f);
    row.clear();
  }
  out.BuildLookup();
  return out;
}

Perceptron Perceptron::Pruned(float min_abs) const {
  Perceptron out(num_classes_);
  out.finalized_ = true;
  out.scale_ = scale_;
  out.offsets_.push_back(0);
  for (std::size_t r = 0; r < keys_.size(); ++r) {
    const std::size_t before = out.weights_.size();
    for (std::uint32_t k = offsets_[r]; k < offsets_[r + 1]; ++k) {
      if (std::fabs(scale_ * weights_[k].value) < min_abs) continue;
      out.weights_.push_back(weights_[k]);
    }
    if (out.weights_.size() == before) continue;
    out.keys_.push_back(keys_[r]);
    out.offsets_.push_back(static_cast<std::uint32_t>(out.weights_.size()));
  }
  out.BuildLookup();
  return out;
}

Perceptron::Packed Perceptron::Pack() const {
  Packed packed;
  std::vector<std::size_t> order(keys_.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
  std::stable_sort(
      order.begin(), order.end(),
      [&](std::size_t a, std::size_t b) { return keys_[a] < keys_[b]; });
  std::uint64_t previous = 0;
  for (std::size_t r : order) {
    for (std::uint64_t gap = keys_[r] - previous;; gap >>= 7) {
      const bool more = gap >= 0x80;
      packed.key_gaps.push_back(
          static_cast<std::uint8_t>((gap & 0x7F) | (more ? 0x80 : 0)));
      if (!more) break;
    }
    previous = keys_[r];
    packed.counts.push_back(
        static_cast<std::uint8_t>(offsets_[r + 1] - offsets_[r]));
    for (std::uint32_t k = offsets_[r]; k < offsets_[r + 1]; ++k) {
      packed.classes.push_back(weights_[k].cls);
      packed.values.push_back(weights_[k].value);
    }
  }
  return packed;
}

void Perceptron::Unpack(const Packed& packed) {
  finalized_ = true;
  keys_.clear();
  offsets_.assign(1, 0);
  weights_.clear();
  // Any inconsistency leaves offsets_.back() != weights_.size(): !Valid().
  const auto malformed = [&] { offsets_.push_back(1); };
  std::uint64_t key = 0;
  std::size_t byte = 0;
  for (std::uint8_t count : packed.counts) {
    std::uint64_t gap = 0;
    for (int shift = 0;; shift += 7) {
      if (byte >= packed.key_gaps.size() || shift > 63) return malformed();
      const std::uint8_t b = packed.key_gaps[byte++];
      gap |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) break;
    }
    key += gap;
    // Keys above kKeyBits would clash with the classes of inline rows.
    if (key > kKeyMask) return malformed();
    keys_.push_back(key);
    offsets_.push_back(offsets_.back() + count);
  }
  if (byte != packed.key_gaps.size() ||
      packed.classes.size() != packed.values.size() ||
      packed.values.size() != offsets_.back() ||
      packed.values.size() >= kEmptySlot) {
    return malformed();
  }
  weights_.reserve(packed.values.size());
  for (std::size_t k = 0; k < packed.values.size(); ++k) {
    weights_.push_back(PackedWeight{packed.values[k], packed.classes[k]});
  }
  index_ = FeatureIndex();
  slots_.clear();
  dense_.clear();
}

std::size_t Perceptron::num_weights() const {
  if (finalized_) return weights_.size();
  std::size_t n = 0;
  for (const auto& entries : rows_) n += entries.size();
  return n;
}

bool Perceptron::Valid() const {
  if (num_classes_ <= 0 || num_classes_ > 255) return false;
  if (offsets_.size() != keys_.size() + 1 || offsets_.front() != 0 ||
      offsets_.back() != weights_.size()) {
    return false;
  }
  for (std::size_t r = 0; r < keys_.size(); ++r) {
    if (offsets_[r] > offsets_[r + 1]) return false;
  }
  for (const PackedWeight& w : weights_) {
    if (w.cls >= num_classes_) return false;
  }
  return std::isfinite(scale_) && (!finalized_ || !slots_.empty());
}

void Perceptron::BuildLookup() {
  index_ = FeatureIndex();
  slots_.clear();
  dense_.clear();
  if (offsets_.size() != keys_.size() + 1 ||
      offsets_.back() != weights_.size()) {
    return;
  }
  // At most half full, so that absent features (most of them) end their
  // probe within a cache line or two.
  std::size_t capacity = 16;
  while (capacity < 2 * keys_.size()) capacity *= 2;
  slots_.assign(capacity, Slot{0, 0, kEmptySlot});
  const std::size_t mask = capacity - 1;
  for (std::size_t r = 0; r < keys_.size(); ++r) {
    if (offsets_[r] > offsets_[r + 1]) continue;
    for (std::size_t j = HomeSlot(keys_[r], mask);; j = (j + 1) & mask) {
      Slot& slot = slots_[j];
      if (slot.end == kEmptySlot) {
        slot = MakeSlot(keys_[r], offsets_[r], offsets_[r + 1]);
        break;
      }
      // A repeated key keeps its first row, as Find() would.
      if ((slot.key & kKeyMask) == keys_[r]) break;
    }
  }
}

}  // namespace kg

namespace kg {

Perceptron::Slot Perceptron::MakeSlot(std::uint64_t key, std::uint32_t begin,
                                      std::uint32_t end) {
  if (end - begin <= 2) {
    std::uint64_t classes = 0;
    std::uint32_t values = 0;
    for (std::uint32_t k = begin; k < end; ++k) {
      const int shift = static_cast<int>(k - begin);
      classes |= std::uint64_t{weights_[k].cls} << (8 * shift);
      values |= std::uint32_t{static_cast<std::uint16_t>(weights_[k].value)}
                << (16 * shift);
    }
    return Slot{key | classes << kKeyBits, values, kInlineRow};
  }
  // A dense row costs num_classes_ / 8 vector steps against about one
  // scalar step per weight of a sparse one.
  if (static_cast<int>(end - begin) * kDenseFactor < num_classes_) {
    return Slot{key, begin, end};
  }
  const std::size_t dense_begin = dense_.size();
  dense_.resize(dense_begin + DenseStride(num_classes_), 0);
  for (std::uint32_t k = begin; k < end; ++k) {
    dense_[dense_begin + weights_[k].cls] = weights_[k].value;
  }
  return Slot{key, static_cast<std::uint32_t>(dense_begin), kDenseRow};
}

}  // namespace kg
