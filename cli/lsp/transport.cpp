#include "cli/lsp/transport.hpp"

#include <cctype>
#include <charconv>
#include <istream>
#include <ostream>

#include <fmt/format.h>

#include "compiler/diagnostics.hpp"

namespace schedc::cli::lsp {
namespace {


std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

}  // namespace

Frame read_frame(std::istream& in) {
  Frame f;
  std::optional<std::size_t> length;
  std::size_t header_bytes = 0;
  bool any = false;
  for (;;) {
    std::string line;
    int c;
    while ((c = in.get()) != std::char_traits<char>::eof() && c != '\n') {
      any = true;
      line.push_back(static_cast<char>(c));
      if (++header_bytes > kMaxHeaderBytes) return {Frame::Status::Malformed, {}, "the header is longer than 8 KiB"};
    }
    if (c == std::char_traits<char>::eof()) {
      if (!any) return {Frame::Status::End, {}, {}};
      return {Frame::Status::Malformed, {}, "the stream ended inside a header"};
    }
    any = true;
    ++header_bytes;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;  // the end of the header block
    const auto colon = line.find(':');
    if (colon == std::string::npos) return {Frame::Status::Malformed, {}, fmt::format("a header line without `:`")};
    const std::string name = lower_ascii(trim(line.substr(0, colon)));
    const std::string value = trim(line.substr(colon + 1));
    if (name == "content-length") {
      std::size_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size())
        return {Frame::Status::Malformed, {}, "Content-Length is not a number"};
      length = n;
    }
  }
  if (!length) return {Frame::Status::Malformed, {}, "a message without Content-Length"};
  if (*length > kMaxMessageBytes) return {Frame::Status::Malformed, {}, "a message larger than 64 MiB"};
  f.body.resize(*length);
  in.read(f.body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<std::size_t>(in.gcount()) != *length)
    return {Frame::Status::Malformed, {}, "the stream ended inside a message"};
  f.status = Frame::Status::Message;
  return f;
}

void write_frame(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace schedc::cli::lsp
