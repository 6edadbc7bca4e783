#pragma once
// The base protocol of the Language Server Protocol: JSON-RPC 2.0 messages framed by a `Content-Length` header,
// over a byte stream (stdin/stdout). Reading is bounded: a header line, the header block and a message body each
// have a limit, so a hostile client cannot make the server allocate without bound or wait for a line that never
// ends.
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>

namespace schedc::cli::lsp {

inline constexpr std::size_t kMaxHeaderBytes = 8 * 1024;           // the whole header block
inline constexpr std::size_t kMaxMessageBytes = 64 * 1024 * 1024;  // one message's body

struct Frame {
  enum class Status { Message, End, Malformed };
  Status status = Status::End;
  std::string body;   // Message: the JSON text
  std::string error;  // Malformed: why (the stream cannot be read further)
};

// Reads the next framed message. `End` when the stream ended cleanly between messages.
Frame read_frame(std::istream& in);

// Writes one message with its header, and flushes.
void write_frame(std::ostream& out, const std::string& body);

}  // namespace schedc::cli::lsp
