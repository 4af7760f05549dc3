// A multi-class averaged perceptron over hashed sparse features, shared by
// the tagger and the dependency parser.
//
// Features are 64-bit hashes (see ud_features.h). Training keeps, per
// feature, a short list of (class, weight, accumulated update) so that memory
// grows with the number of updates, not features x classes. Finalize()
// averages the weights (Daume's trick: w - u / c), drops the ones that
// round to zero and packs the rest into compressed rows of int16 values
// with one scale, which is what the model file stores. BuildLookup() then
// builds a lookup layout for Score(): an open-addressing table whose slot
// holds the key and its row bounds, next to one array of (class, weight)
// pairs, so a feature costs two cache lines that Score() prefetches for
// many features at once. Loading from an archive leaves that table to an
// explicit BuildLookup() call, so that a model file's bytes can be released
// before the tables (the biggest part of a loaded model) are built.
//
// Thread-safety: Score() on a finalized model is safe from many threads;
// training calls are not.
#ifndef KG_NLP_ML_PERCEPTRON_H_
#define KG_NLP_ML_PERCEPTRON_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include <cereal/types/vector.hpp>

#include "common/huge_page_allocator.h"

namespace kg {

// Open-addressing map from a 64-bit feature hash to a row number.
class FeatureIndex {
 public:
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFF;

  // The row of `key`, or kAbsent.
  std::uint32_t Find(std::uint64_t key) const;
  // The row of `key`, inserting `next_row` when absent.
  std::uint32_t FindOrInsert(std::uint64_t key, std::uint32_t next_row);
  std::size_t size() const { return size_; }
  // Keys in row order; requires rows 0..size()-1 all present.
  std::vector<std::uint64_t> KeysByRow() const;

 private:
  void Grow();

  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> rows_;
  std::size_t size_ = 0;
};

class Perceptron {
 public:
  // Finalized models keep only the low kKeyBits bits of a feature hash,
  // which makes keys cheaper to store; a false match of an unseen feature
  // has odds of about rows / 2^48.
  static constexpr int kKeyBits = 48;
  static constexpr std::uint64_t kKeyMask = (std::uint64_t{1} << kKeyBits) - 1;

  Perceptron() = default;
  explicit Perceptron(int num_classes) : num_classes_(num_classes) {}

  int num_classes() const { return num_classes_; }

  // Adds the weights of `features` to scores[0, num_classes()). Uses the
  // current (not averaged) weights until Finalize(); a model loaded from
  // an archive scores nothing until BuildLookup().
  void Score(const std::vector<std::uint64_t>& features, float* scores) const;

  // Requires finalized(). The two halves of Score(), for callers that
  // reuse the rows of features that repeat: AddRowSums() adds the stored
  // int16 values of the rows of features[0, count) to sums[0,
  // num_classes()), and AddScaledSums() adds the scaled sums to scores.
  // Integer sums do not depend on the order or grouping of the rows, so
  // the scores are exactly Score()'s.
  void AddRowSums(const std::uint64_t* features, std::size_t count,
                  std::int32_t* sums) const;
  void AddScaledSums(const std::int32_t* sums, float* scores) const;

  // One perceptron step: +1 on `truth`, -1 on `guess` for every feature.
  // Call Tick() once per training instance.
  void Update(const std::vector<std::uint64_t>& features, int truth, int guess);
  void Tick() { ++instances_; }

  // Returns the averaged, quantised model; this object keeps training.
  // Weights whose magnitude is below `prune` are dropped.
  Perceptron Finalized(float prune = 0.0f) const;
  // Requires every model finalized with the same num_classes(). The mean
  // of their weights (a missing weight counts as zero), finalized: it
  // scores as the mean of their scores.
  static Perceptron Average(const std::vector<const Perceptron*>& models);
  // Requires finalized(). A copy without the weights below `min_abs`, to
  // trade accuracy for a smaller model file.
  Perceptron Pruned(float min_abs) const;
  bool finalized() const { return finalized_; }
  // Builds the lookup table of a finalized model loaded from an archive
  // (Finalized() and Pruned() build theirs).
  void BuildLookup();
  // Number of stored (feature, class) weights.
  std::size_t num_weights() const;

  // The file stores rows sorted by key, each key as the varint-coded gap
  // from the previous one, entry counts as one byte each (a row has at most
  // num_classes() <= 255 entries), and each weight as its class (one byte)
  // and int16 value.
  template <class Archive>
  void save(Archive& ar) const {
    const Packed packed = Pack();
    ar(num_classes_, scale_, packed.key_gaps, packed.counts, packed.classes,
       packed.values);
  }
  template <class Archive>
  void load(Archive& ar) {
    Packed packed;
    ar(num_classes_, scale_, packed.key_gaps, packed.counts, packed.classes,
       packed.values);
    Unpack(packed);
  }
  // False if the packed arrays are inconsistent (a corrupt model file) or
  // a finalized model has no lookup table yet.
  bool Valid() const;

 private:
  struct Entry {
    std::uint16_t cls;
    float weight;
    float total;  // Sum over updates of instance-count x delta.
  };
  // A slot of the finalized lookup table, for the feature key & kKeyMask.
  // A row of at most two weights (most rows: a perceptron update adds one
  // weight for the truth and one for the guess) is held in the slot itself,
  // so scoring it reads no other memory: `end` is kInlineRow, `begin` holds
  // the two int16 values (the first in the low half) and the top 16 bits of
  // `key` their classes (the first in the low byte; a missing second
  // weight is a zero for class 0). Otherwise the row is weights_[begin,
  // end), or (end == kDenseRow) num_classes() values from dense_[begin]
  // (then zeros up to a multiple of 16, which vector code reads).
  // `end` is kEmptySlot when the slot is unused.
  struct Slot {
    std::uint64_t key;
    std::uint32_t begin;
    std::uint32_t end;
  };
  static constexpr std::uint32_t kEmptySlot = 0xFFFFFFFD;
  static constexpr std::uint32_t kInlineRow = 0xFFFFFFFE;
  static constexpr std::uint32_t kDenseRow = 0xFFFFFFFF;
  // Rows with at least num_classes() / kDenseFactor weights are stored
  // dense for Score(); these few rows are the bias-like, most used ones.
  static constexpr int kDenseFactor = 6;
  // A quantised weight: scale_ * value for class `cls`.
  struct PackedWeight {
    std::int16_t value;
    std::uint8_t cls;
  };
  // The serialized form (see save()).
  struct Packed {
    std::vector<std::uint8_t> key_gaps;
    std::vector<std::uint8_t> counts;
    std::vector<std::uint8_t> classes;
    std::vector<std::int16_t> values;
  };
  Packed Pack() const;
  // Appends row `key` of finalized weights: (class, weight) in class
  // order, each quantised with scale_. Weights below `min_abs` or that
  // quantise to zero are dropped, and the row too if none is left.
  void AppendQuantisedRow(std::uint64_t key,
                          const std::vector<std::pair<int, float>>& weights,
                          float min_abs);
  // Rebuilds the finalized state but its lookup table; a malformed
  // `packed` leaves !Valid().
  void Unpack(const Packed& packed);
  // The slot of a row, copying it to dense_ when it is dense enough.
  Slot MakeSlot(std::uint64_t key, std::uint32_t begin, std::uint32_t end);

  int num_classes_ = 0;
  bool finalized_ = false;
  std::uint64_t instances_ = 1;
  FeatureIndex index_;
  // Training state.
  std::vector<std::vector<Entry>> rows_;
  // Finalized state: row r (feature keys_[r]) holds
  // weights_[offsets_[r], offsets_[r+1]), sorted by class.
  float scale_ = 1.0f;
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> offsets_;
  HugePageVector<PackedWeight> weights_;
  // Lookup table of the finalized state (built by BuildLookup()).
  HugePageVector<Slot> slots_;
  HugePageVector<std::int16_t> dense_;  // Dense rows (see Slot).
};

}  // namespace kg

#endif  // KG_NLP_ML_PERCEPTRON_H_
