// A fresh directory under the system's temporary directory, removed with its contents.
#pragma once

#include <filesystem>
#include <string>

namespace taskrouter::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace taskrouter::testing
