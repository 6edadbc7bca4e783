// Writes a generated benchmark project to a directory: gen_project DIR MODELS FILES
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "bench/generate.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: gen_project DIR MODELS FILES\n";
    return 2;
  }
  std::filesystem::path dir = argv[1];
  for (const auto& [path, text] : schedc::bench::generate_project(std::stoi(argv[2]), std::stoi(argv[3]))) {
    std::filesystem::path p = dir / std::filesystem::path(path).filename();
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  return 0;
}
