#pragma once
// A loader for tests: files given in memory by path, everything else (the stdlib) from the file system.
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "compiler/compile.hpp"

namespace schedc::testing {

class MemoryLoader : public FileSystemLoader {
 public:
  // Paths under "<mem>/" exist only in memory: one that is not in `files` is missing.
  MemoryLoader(std::string stdlib, std::map<std::string, std::string> files)
      : FileSystemLoader(std::move(stdlib)), files_(std::move(files)) {}
  std::optional<std::string> read(const std::string& path) override {
    if (auto it = files_.find(path); it != files_.end()) return it->second;
    if (path.rfind("<mem>/", 0) == 0) return std::nullopt;
    return FileSystemLoader::read(path);
  }
  FileRead load(const std::string& path, std::uint64_t limit) override {
    if (files_.count(path) || path.rfind("<mem>/", 0) == 0) return SourceLoader::load(path, limit);
    return FileSystemLoader::load(path, limit);
  }
  std::string identity(const std::string& path) override {
    return files_.count(path) || path.rfind("<mem>/", 0) == 0 ? path : FileSystemLoader::identity(path);
  }

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace schedc::testing
