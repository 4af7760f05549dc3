// kg::Status reports the outcome of an operation that can fail for reasons
// the caller must handle (bad input, I/O, a locked database). Library code
// returns a Status or a Result<T>; exceptions never cross a library API.
//
// Thread-safety: a Status is a value; distinct objects may be used from
// distinct threads without synchronisation.
#ifndef KG_COMMON_STATUS_H_
#define KG_COMMON_STATUS_H_

#include <string>
#include <string_view>
#include <utility>

namespace kg {

class Status {
 public:
  // The codes are stable: the CLI maps them to exit codes (docs/cli.md).
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // The caller passed something malformed (usage).
    kInputError,       // An input document or file is unreadable or bad.
    kNotFound,         // A named thing (file, entity, document) is absent.
    kCorruption,       // Stored or model data fails its checks.
    kIOError,          // The operating system refused a read or write.
    kBusy,             // A resource (database lock) is held by another.
    kNotSupported,     // A newer format version, an unknown name.
  };

  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string_view msg) {
    return Status(Code::kInvalidArgument, msg);
  }
  static Status InputError(std::string_view msg) {
    return Status(Code::kInputError, msg);
  }
  static Status NotFound(std::string_view msg) {
    return Status(Code::kNotFound, msg);
  }
  static Status Corruption(std::string_view msg) {
    return Status(Code::kCorruption, msg);
  }
  static Status IOError(std::string_view msg) {
    return Status(Code::kIOError, msg);
  }
  static Status Busy(std::string_view msg) { return Status(Code::kBusy, msg); }
  static Status NotSupported(std::string_view msg) {
    return Status(Code::kNotSupported, msg);
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsInputError() const { return code_ == Code::kInputError; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  bool IsNotSupported() const { return code_ == Code::kNotSupported; }

  // Returns a copy whose message is "context: message", for adding the file
  // or document name on the way up.
  Status WithContext(std::string_view context) const;

  // "OK" or "<code name>: <message>".
  std::string ToString() const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  Status(Code code, std::string_view msg) : code_(code), message_(msg) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// The name of a code, e.g. "IO error".
std::string_view CodeName(Status::Code code);

}  // namespace kg

// Returns early from the enclosing function when `expr` is not OK.
#define KG_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::kg::Status kg_status_tmp_ = (expr); \
    if (!kg_status_tmp_.ok()) {           \
      return kg_status_tmp_;              \
    }                                     \
  } while (0)

#endif  // KG_COMMON_STATUS_H_
