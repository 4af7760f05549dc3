#include "extract/ud_perceptron.h"

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

// scores[c] += scale * values[c] for c < n. Per class this is the same
// float arithmetic as the sparse rows' loop (no fused multiply-add), so
// results are bit-identical whichever version runs; a zero weight adds
// +0.0, which leaves every score unchanged (scores start at +0.0 and never
// become -0.0).
void AddScaledScalar(const std::int16_t* values, int n, float scale,
                     float* scores) {
  for (int c = 0; c < n; ++c) scores[c] += scale * values[c];
}

#if KG_UD_X86_DISPATCH
__attribute__((target("avx2"))) void AddScaledAvx2(const std::int16_t* values,
                                                   int n, float scale,
                                                   float* scores) {
  const __m256 factor = _mm256_set1_ps(scale);
  int c = 0;
  for (; c + 8 <= n; c += 8) {
    const __m128i v =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(values + c));
    const __m256 w = _mm256_cvtepi32_ps(_mm256_cvtepi16_epi32(v));
    _mm256_storeu_ps(scores + c, _mm256_add_ps(_mm256_loadu_ps(scores + c),
                                               _mm256_mul_ps(factor, w)));
  }
  AddScaledScalar(values + c, n - c, scale, scores + c);
}

void AddScaledSse2(const std::int16_t* values, int n, float scale,
                   float* scores) {
  const __m128 factor = _mm_set1_ps(scale);
  int c = 0;
  for (; c + 8 <= n; c += 8) {
    const __m128i v =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(values + c));
    // Sign-extends the int16 halves to int32 before converting.
    const __m128 lo =
        _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpacklo_epi16(v, v), 16));
    const __m128 hi =
        _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpackhi_epi16(v, v), 16));
    _mm_storeu_ps(scores + c,
                  _mm_add_ps(_mm_loadu_ps(scores + c), _mm_mul_ps(factor, lo)));
    _mm_storeu_ps(scores + c + 4, _mm_add_ps(_mm_loadu_ps(scores + c + 4),
                                             _mm_mul_ps(factor, hi)));
  }
  AddScaledScalar(values + c, n - c, scale, scores + c);
}
#endif

void AddScaled(const std::int16_t* values, int n, float scale, float* scores) {
#if KG_UD_X86_DISPATCH
  static const bool kAvx2 = __builtin_cpu_supports("avx2");
  if (kAvx2) return AddScaledAvx2(values, n, scale, scores);
  return AddScaledSse2(values, n, scale, scores);
#else
  AddScaledScalar(values, n, scale, scores);
#endif
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
    ScoreFinalized(features, scores);
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
// then the rows of all of them before reading any. Weights are added in
// feature order, as the scores must not depend on the batching.
void Perceptron::ScoreFinalized(const std::vector<std::uint64_t>& features,
                                float* scores) const {
  if (slots_.empty()) return;
  constexpr std::size_t kBatch = 128;
  const std::size_t mask = slots_.size() - 1;
  std::size_t home[kBatch];
  std::uint32_t begin[kBatch];
  std::uint32_t end[kBatch];
  for (std::size_t first = 0; first < features.size(); first += kBatch) {
    const std::size_t count = std::min(kBatch, features.size() - first);
    for (std::size_t i = 0; i < count; ++i) {
      home[i] = HomeSlot(features[first + i] & kKeyMask, mask);
      __builtin_prefetch(&slots_[home[i]]);
    }
    for (std::size_t i = 0; i < count; ++i) {
      begin[i] = end[i] = 0;
      const std::uint64_t key = features[first + i] & kKeyMask;
      for (std::size_t j = home[i];; j = (j + 1) & mask) {
        const Slot& slot = slots_[j];
        if (slot.begin == kEmptySlot) break;
        if (slot.key != key) continue;
        begin[i] = slot.begin;
        end[i] = slot.end;
        if (slot.end == kDenseRow) {
          __builtin_prefetch(&dense_[slot.begin]);
        } else {
          __builtin_prefetch(&weights_[slot.begin]);
        }
        break;
      }
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (end[i] == kDenseRow) {
        AddScaled(&dense_[begin[i]], num_classes_, scale_, scores);
        continue;
      }
      for (std::uint32_t k = begin[i]; k < end[i]; ++k) {
        scores[weights_[k].cls] += scale_ * weights_[k].value;
      }
    }
  }
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
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    std::vector<Entry> entries = rows_[r];
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.cls < b.cls; });
    const std::size_t before = out.weights_.size();
    for (const Entry& e : entries) {
      const float w = e.weight - e.total / c;
      if (std::fabs(w) < prune) continue;
      out.weights_.push_back(
          PackedWeight{static_cast<std::int16_t>(std::lround(w / out.scale_)),
                       static_cast<std::uint8_t>(e.cls)});
    }
    if (out.weights_.size() == before) continue;
    out.keys_.push_back(keys[r] & kKeyMask);
    out.offsets_.push_back(static_cast<std::uint32_t>(out.weights_.size()));
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
    keys_.push_back(key);
    offsets_.push_back(offsets_.back() + count);
  }
  if (byte != packed.key_gaps.size() ||
      packed.classes.size() != packed.values.size() ||
      packed.values.size() != offsets_.back()) {
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
  slots_.assign(capacity, Slot{0, kEmptySlot, kEmptySlot});
  const std::size_t mask = capacity - 1;
  for (std::size_t r = 0; r < keys_.size(); ++r) {
    if (offsets_[r] > offsets_[r + 1]) continue;
    for (std::size_t j = HomeSlot(keys_[r], mask);; j = (j + 1) & mask) {
      Slot& slot = slots_[j];
      if (slot.begin == kEmptySlot) {
        slot = MakeSlot(keys_[r], offsets_[r], offsets_[r + 1]);
        break;
      }
      // A repeated key keeps its first row, as Find() would.
      if (slot.key == keys_[r]) break;
    }
  }
}

}  // namespace kg

namespace kg {

Perceptron::Slot Perceptron::MakeSlot(std::uint64_t key, std::uint32_t begin,
                                      std::uint32_t end) {
  // A dense row costs num_classes_ / 8 vector steps against about one
  // scalar step per weight of a sparse one.
  if (static_cast<int>(end - begin) * kDenseFactor < num_classes_) {
    return Slot{key, begin, end};
  }
  const std::size_t dense_begin = dense_.size();
  dense_.resize(dense_begin + num_classes_, 0);
  for (std::uint32_t k = begin; k < end; ++k) {
    dense_[dense_begin + weights_[k].cls] = weights_[k].value;
  }
  return Slot{key, static_cast<std::uint32_t>(dense_begin), kDenseRow};
}

}  // namespace kg
