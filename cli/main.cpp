#include "cli/cli.hpp"

int main(int argc, char** argv) { return schedc::cli::run(argc, argv); }
