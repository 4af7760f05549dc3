#include "common/env.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace kg {
namespace {

Status ErrnoStatus(const std::string& path, int err) {
  std::string msg = path + ": " + std::strerror(err);
  if (err == ENOENT) return Status::NotFound(msg);
  return Status::IOError(msg);
}

class PosixLineReader : public LineReader {
 public:
  PosixLineReader(std::FILE* file, std::size_t max_line)
      : file_(file), max_line_(max_line) {}
  ~PosixLineReader() override { std::fclose(file_); }

  Status ReadLine(std::string* line, bool* truncated, bool* eof) override {
    line->clear();
    *truncated = false;
    *eof = false;
    bool any = false;
    for (int c = std::getc(file_); c != EOF; c = std::getc(file_)) {
      any = true;
      if (c == '\n') return Status::Ok();
      if (line->size() < max_line_) {
        line->push_back(static_cast<char>(c));
      } else {
        *truncated = true;
      }
    }
    if (std::ferror(file_)) return Status::IOError("read failed");
    *eof = !any;
    return Status::Ok();
  }

 private:
  std::FILE* file_;
  std::size_t max_line_;
};

class PosixEnv : public Env {
 public:
  Result<std::string> ReadFile(const std::string& path,
                               std::size_t max_bytes) override {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return ErrnoStatus(path, errno);
    std::string data;
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, file)) > 0) {
      if (data.size() + n > max_bytes) {
        std::fclose(file);
        return Status::InputError(path + ": larger than " +
                                  std::to_string(max_bytes) + " bytes");
      }
      data.append(buf, n);
    }
    bool failed = std::ferror(file) != 0;
    std::fclose(file);
    if (failed) return Status::IOError(path + ": read failed");
    return data;
  }

  Result<std::unique_ptr<LineReader>> OpenLines(const std::string& path,
                                                std::size_t max_line) override {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return ErrnoStatus(path, errno);
    return std::unique_ptr<LineReader>(
        std::make_unique<PosixLineReader>(file, max_line));
  }

  Status WriteFileAtomic(const std::string& path,
                         const std::string& data) override {
    std::string tmp = path + ".tmp";
    int fd =
        ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return ErrnoStatus(tmp, errno);
    std::size_t written = 0;
    while (written < data.size()) {
      ssize_t n = ::write(fd, data.data() + written, data.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        int err = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        return ErrnoStatus(tmp, err);
      }
      written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      return ErrnoStatus(tmp, err);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(tmp.c_str());
      return ErrnoStatus(path, err);
    }
    return Status::Ok();
  }

  bool FileExists(const std::string& path) override {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
  }

  bool IsDirectory(const std::string& path) override {
    std::error_code ec;
    return std::filesystem::is_directory(path, ec);
  }

  Result<std::vector<std::string>> ListFilesRecursive(
      const std::string& dir) override {
    std::vector<std::string> files;
    std::error_code ec;
    std::filesystem::recursive_directory_iterator it(dir, ec), end;
    if (ec) return Status::IOError(dir + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) return Status::IOError(dir + ": " + ec.message());
      if (it->is_regular_file(ec)) files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
  }
};

}  // namespace

Env* Env::Default() {
  static PosixEnv* env = new PosixEnv();
  return env;
}

}  // namespace kg
