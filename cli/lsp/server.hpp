#pragma once
// `schedc lsp`: a Language Server Protocol 3.17 server (docs/editors.md). The server is a pure function of the
// messages it is given: handle() takes one message and returns what to send back (responses, then notifications);
// idle() is called when no message is waiting and publishes the diagnostics of a changed workspace, so a burst of
// edits is compiled once. run_lsp() connects it to a stream.
#include <chrono>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/lsp/text.hpp"
#include "cli/lsp/workspace.hpp"

namespace schedc::cli::lsp {

using Json = nlohmann::json;

struct ServerOptions {
  std::string stdlib_dir;
  // The instant hovers count fires from; nullopt: the clock when asked (tests pin it, also through the
  // initialization option `now`).
  std::optional<std::chrono::sys_seconds> now;
  // Where a diagnostic code's page is (`{code}` replaced by it), for the editor's link; also the initialization
  // option `explainUrl`. nullopt: no link (the command `schedc.explain` returns the page).
  std::optional<std::string> explain_url;
  // As `check --index FILE --adf DIR...`: an organisation index and folders of hand-written ADF content checked with
  // the workspace; also the initialization options `index` and `adf` and the settings `schedc.index` and
  // `schedc.adf` (workspace/didChangeConfiguration), relative paths there being relative to the first folder.
  std::string index;
  std::vector<std::string> adf;
};

class Server {
 public:
  explicit Server(ServerOptions options);

  // One message (a request, a notification or a response from the client), parsed or not.
  std::vector<Json> handle(const Json& message);
  std::vector<Json> handle_text(const std::string& body);  // a JSON parse error is answered as JSON-RPC says
  std::vector<Json> idle();

  [[nodiscard]] bool exited() const noexcept { return exited_; }
  [[nodiscard]] int exit_code() const noexcept { return shutdown_ ? 0 : 1; }

 private:
  Json request(const std::string& method, const Json& params);  // throws RpcError
  void notification(const std::string& method, const Json& params, std::vector<Json>& out);
  Json initialize(const Json& params);
  void configure(const Json& settings);  // `index` and `adf` of the initialization options or the settings
  Json hover(const Json& params);
  Json definition(const Json& params);
  Json references(const Json& params);
  Json document_symbols(const Json& params);
  Json folding_ranges(const Json& params);
  Json completion(const Json& params);
  Json code_actions(const Json& params);
  Json formatting(const Json& params);
  Json execute_command(const Json& params);
  std::vector<Json> publish();

  // The snapshot's file for a request's `textDocument.uri`, and the byte offset of its `position`.
  struct Place {
    const Snapshot* snapshot = nullptr;
    FileId file = 0;
    std::uint32_t offset = 0;
  };
  std::optional<Place> place(const Json& params, bool with_position);
  Json range(const Snapshot& s, const Span& span) const;
  Json location(const Snapshot& s, const Span& span) const;
  std::chrono::sys_seconds now() const;

  ServerOptions options_;
  Workspace workspace_;
  Encoding encoding_ = Encoding::Utf16;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
  std::map<std::string, bool> published_;            // URI -> whether it has diagnostics now
  // The names of the latest compilation that got as far as lowering: completion offers them while the file being
  // typed does not parse.
  std::shared_ptr<const lower::SymbolIndex> last_index_;
  std::uint64_t published_generation_ = 0;
};

// Serves `in` -> `out` until `exit` or the end of `in`; logs to `log`. Returns the process's exit code.
int run_lsp(std::istream& in, std::ostream& out, std::ostream& log, ServerOptions options);

}  // namespace schedc::cli::lsp
