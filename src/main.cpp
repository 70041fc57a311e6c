// Wiring only: hand the arguments to the CLI, and turn anything a library
// throws into a message and a non-zero exit rather than a crash.
#include <exception>
#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  try {
    return docket::cli::Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "docket: internal error: " << e.what() << "\n";
    return 4;
  }
}
