#include "extract/ud_perceptron.h"

#include <algorithm>
#include <cmath>

namespace kg {
namespace {

std::size_t Slot(std::uint64_t key, std::size_t mask) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  return static_cast<std::size_t>(key) & mask;
}

}  // namespace

std::uint32_t FeatureIndex::Find(std::uint64_t key) const {
  if (keys_.empty()) return kAbsent;
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t i = Slot(key, mask);; i = (i + 1) & mask) {
    if (rows_[i] == kAbsent) return kAbsent;
    if (keys_[i] == key) return rows_[i];
  }
}

std::uint32_t FeatureIndex::FindOrInsert(std::uint64_t key,
                                         std::uint32_t next_row) {
  if ((size_ + 1) * 2 > keys_.size()) Grow();
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t i = Slot(key, mask);; i = (i + 1) & mask) {
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
    for (std::uint64_t feature : features) {
      const std::uint32_t row = index_.Find(feature);
      if (row == FeatureIndex::kAbsent) continue;
      for (std::uint32_t k = offsets_[row]; k < offsets_[row + 1]; ++k) {
        scores[classes_[k]] += scale_ * values_[k];
      }
    }
    return;
  }
  for (std::uint64_t feature : features) {
    const std::uint32_t row = index_.Find(feature);
    if (row == FeatureIndex::kAbsent) continue;
    for (const Entry& e : rows_[row]) scores[e.cls] += e.weight;
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
    const std::size_t before = out.values_.size();
    for (const Entry& e : entries) {
      const float w = e.weight - e.total / c;
      if (std::fabs(w) < prune) continue;
      out.classes_.push_back(static_cast<std::uint8_t>(e.cls));
      out.values_.push_back(
          static_cast<std::int16_t>(std::lround(w / out.scale_)));
    }
    if (out.values_.size() == before) continue;
    out.keys_.push_back(keys[r]);
    out.offsets_.push_back(static_cast<std::uint32_t>(out.values_.size()));
  }
  out.RebuildIndex();
  return out;
}

Perceptron Perceptron::Pruned(float min_abs) const {
  Perceptron out(num_classes_);
  out.finalized_ = true;
  out.scale_ = scale_;
  out.offsets_.push_back(0);
  for (std::size_t r = 0; r < keys_.size(); ++r) {
    const std::size_t before = out.values_.size();
    for (std::uint32_t k = offsets_[r]; k < offsets_[r + 1]; ++k) {
      if (std::fabs(scale_ * values_[k]) < min_abs) continue;
      out.classes_.push_back(classes_[k]);
      out.values_.push_back(values_[k]);
    }
    if (out.values_.size() == before) continue;
    out.keys_.push_back(keys_[r]);
    out.offsets_.push_back(static_cast<std::uint32_t>(out.values_.size()));
  }
  out.RebuildIndex();
  return out;
}

std::size_t Perceptron::num_weights() const {
  if (finalized_) return values_.size();
  std::size_t n = 0;
  for (const auto& entries : rows_) n += entries.size();
  return n;
}

bool Perceptron::Valid() const {
  if (num_classes_ <= 0 || num_classes_ > 255) return false;
  if (offsets_.size() != keys_.size() + 1 || offsets_.front() != 0 ||
      offsets_.back() != values_.size() || classes_.size() != values_.size()) {
    return false;
  }
  for (std::size_t r = 0; r < keys_.size(); ++r) {
    if (offsets_[r] > offsets_[r + 1]) return false;
  }
  for (std::uint8_t cls : classes_) {
    if (cls >= num_classes_) return false;
  }
  return std::isfinite(scale_);
}

void Perceptron::RebuildIndex() {
  index_ = FeatureIndex();
  if (offsets_.size() != keys_.size() + 1) return;
  for (std::size_t r = 0; r < keys_.size(); ++r) {
    index_.FindOrInsert(keys_[r], static_cast<std::uint32_t>(r));
  }
}

}  // namespace kg
