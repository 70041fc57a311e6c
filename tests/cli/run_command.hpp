// Running a command line as a user would, for the tests of the docket binary:
// its exit status and everything it printed (standard output and error
// together, in the order written).
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace docket::testing {

struct Outcome {
  int status = -1;  //!< The exit status; -1 when the command did not exit normally.
  std::string out;  //!< Standard output and error together.
};

/// Runs `command` through the shell.
inline Outcome RunCommand(const std::string& command) {
  Outcome outcome;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return outcome;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) outcome.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

}  // namespace docket::testing
