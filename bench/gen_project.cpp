// Writes a generated benchmark organisation to a directory: gen_project DIR MODELS FILES [REPOS]
// With REPOS > 1, DIR holds one directory per repo (platform/, team_00/, ...): `schedc check DIR/*/`.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "bench/generate.hpp"

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: gen_project DIR MODELS FILES [REPOS]\n";
    return 2;
  }
  std::filesystem::path dir = argv[1];
  const int repos = argc == 5 ? std::stoi(argv[4]) : 1;
  for (const auto& [path, text] : schedc::bench::generate_project(std::stoi(argv[2]), std::stoi(argv[3]), repos)) {
    std::filesystem::path p = dir / (repos > 1 ? std::filesystem::path(path) : std::filesystem::path(path).filename());
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }
  return 0;
}
