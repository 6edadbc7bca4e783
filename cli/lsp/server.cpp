#include "cli/lsp/server.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <istream>
#include <mutex>
#include <ostream>
#include <thread>

#include <fmt/format.h>

#include "cli/lsp/completion.hpp"
#include "cli/lsp/features.hpp"
#include "cli/lsp/transport.hpp"
#include "cli/next.hpp"

namespace schedc::cli::lsp {
namespace {

Json error_response(const Json& id, int code, const std::string& message) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

}  // namespace

Server::Server(ServerOptions options) : options_(std::move(options)), workspace_(options_.stdlib_dir) {
  workspace_.set_checked_with(options_.index, options_.adf);
}

void Server::configure(const Json& settings) {
  if (!settings.is_object()) return;
  const std::string base = workspace_.folders().empty() ? std::string() : workspace_.folders().front();
  auto resolved = [&](const std::string& path) {
    if (path.empty() || path.front() == '/' || base.empty()) return path;
    // NAME=DIR keeps its name.
    const auto eq = path.find('=');
    if (eq != std::string::npos && path.find('/') > eq)
      return path.substr(0, eq + 1) + (path.compare(eq + 1, 1, "/") == 0 ? path.substr(eq + 1) : base + "/" + path.substr(eq + 1));
    return base + "/" + path;
  };
  bool changed = false;
  if (auto it = settings.find("index"); it != settings.end() && it->is_string()) {
    options_.index = resolved(it->get<std::string>());
    changed = true;
  }
  if (auto it = settings.find("adf"); it != settings.end() && (it->is_array() || it->is_string())) {
    options_.adf.clear();
    if (it->is_string()) {
      if (!it->get<std::string>().empty()) options_.adf.push_back(resolved(it->get<std::string>()));
    } else {
      for (const auto& a : *it)
        if (a.is_string() && !a.get<std::string>().empty()) options_.adf.push_back(resolved(a.get<std::string>()));
    }
    changed = true;
  }
  if (changed) workspace_.set_checked_with(options_.index, options_.adf);
}

std::chrono::sys_seconds Server::now() const {
  if (options_.now) return *options_.now;
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::vector<Json> Server::handle_text(const std::string& body) {
  Json message;
  try {
    message = Json::parse(body);
  } catch (const Json::exception&) {
    return {error_response(nullptr, kParseError, "the message is not valid JSON")};
  }
  return handle(message);
}

std::vector<Json> Server::handle(const Json& message) {
  std::vector<Json> out;
  if (!message.is_object() || message.value("jsonrpc", "") != "2.0")
    return {error_response(nullptr, kInvalidRequest, "not a JSON-RPC 2.0 message")};
  const auto method_it = message.find("method");
  const auto id_it = message.find("id");
  if (method_it == message.end()) return out;  // a response to a request of ours: nothing to do
  if (!method_it->is_string()) {
    if (id_it != message.end()) return {error_response(*id_it, kInvalidRequest, "`method` must be a string")};
    return out;
  }
  const std::string method = method_it->get<std::string>();
  const Json params = message.contains("params") ? message["params"] : Json::object();
  if (id_it == message.end()) {
    try {
      notification(method, params, out);
    } catch (const RpcError&) {
      // A notification has no answer: a malformed one is dropped.
    } catch (const std::exception&) {
    }
    return out;
  }
  const Json& id = *id_it;
  if (!id.is_string() && !id.is_number_integer() && !id.is_number_unsigned())
    return {error_response(nullptr, kInvalidRequest, "`id` must be a string or an integer")};
  try {
    if (!initialized_ && method != "initialize") throw RpcError{kServerNotInitialized, "the server is not initialized"};
    if (shutdown_) throw RpcError{kInvalidRequest, "the server is shutting down"};
    Json result = request(method, params);
    out.push_back(Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
  } catch (const RpcError& e) {
    out.push_back(error_response(id, e.code, e.message));
  } catch (const std::exception& e) {
    out.push_back(error_response(id, kInternalError, fmt::format("internal error: {}", e.what())));
  }
  // A request that reads the workspace compiled it; publish what changed.
  if (initialized_ && !shutdown_ && method != "initialize" && method != "shutdown" && !workspace_.dirty()) {
    auto published = publish();
    out.insert(out.end(), published.begin(), published.end());
  }
  return out;
}

Json Server::request(const std::string& method, const Json& params) {
  if (method == "initialize") return initialize(params);
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "textDocument/hover") return hover(params);
  if (method == "textDocument/definition") return definition(params);
  if (method == "textDocument/references") return references(params);
  if (method == "textDocument/documentSymbol") return document_symbols(params);
  if (method == "textDocument/foldingRange") return folding_ranges(params);
  if (method == "textDocument/completion") return completion(params);
  if (method == "textDocument/codeAction") return code_actions(params);
  if (method == "textDocument/formatting") return formatting(params);
  if (method == "workspace/executeCommand") return execute_command(params);
  throw RpcError{kMethodNotFound, fmt::format("unknown method `{}`", method)};
}

Json Server::initialize(const Json& params) {
  if (initialized_) throw RpcError{kInvalidRequest, "initialize was already called"};
  if (!params.is_object()) invalid_params("params must be an object");
  // Positions in bytes when the client can take them (fewer conversions), else UTF-16 as the protocol's default.
  if (auto general = params.find("capabilities"); general != params.end() && general->is_object()) {
    const Json& caps = *general;
    if (auto g = caps.find("general"); g != caps.end() && g->is_object())
      if (auto enc = g->find("positionEncodings"); enc != g->end() && enc->is_array())
        for (const auto& e : *enc)
          if (e == "utf-8") encoding_ = Encoding::Utf8;
  }
  std::vector<std::string> folders;
  if (auto wf = params.find("workspaceFolders"); wf != params.end() && wf->is_array()) {
    for (const auto& f : *wf)
      if (f.is_object() && f.contains("uri") && f["uri"].is_string())
        if (auto path = path_of_uri(f["uri"].get<std::string>())) folders.push_back(*path);
  } else if (auto root = params.find("rootUri"); root != params.end() && root->is_string()) {
    if (auto path = path_of_uri(root->get<std::string>())) folders.push_back(*path);
  }
  workspace_.set_folders(folders);
  if (auto opts = params.find("initializationOptions"); opts != params.end() && opts->is_object()) {
    if (auto url = opts->find("explainUrl"); url != opts->end() && url->is_string()) options_.explain_url = url->get<std::string>();
    if (auto at = opts->find("now"); at != opts->end() && at->is_string())
      if (auto instant = parse_from(at->get<std::string>())) options_.now = *instant;
    configure(*opts);
  }
  initialized_ = true;
  return Json{{"capabilities",
               {{"positionEncoding", encoding_ == Encoding::Utf8 ? "utf-8" : "utf-16"},
                {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
                {"hoverProvider", true},
                {"definitionProvider", true},
                {"referencesProvider", true},
                {"documentSymbolProvider", true},
                {"foldingRangeProvider", true},
                {"completionProvider", {{"triggerCharacters", {"=", " "}}}},
                {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
                {"documentFormattingProvider", true},
                {"executeCommandProvider", {{"commands", {"schedc.explain"}}}}}},
              {"serverInfo", {{"name", "schedc"}}}};
}

void Server::notification(const std::string& method, const Json& params, std::vector<Json>& out) {
  (void)out;
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (!initialized_ || shutdown_) return;
  if (method == "textDocument/didOpen") {
    const Json& doc = member(params, "textDocument", Json::value_t::object);
    const auto path = path_of_uri(member(doc, "uri", Json::value_t::string).get<std::string>());
    if (!path) return;  // untitled: and other schemes are not part of a workspace
    const Json& text = member(doc, "text", Json::value_t::string);
    workspace_.open(*path, text.get<std::string>(), doc.value("version", 0LL));
  } else if (method == "textDocument/didChange") {
    const Json& doc = member(params, "textDocument", Json::value_t::object);
    const auto path = path_of_uri(member(doc, "uri", Json::value_t::string).get<std::string>());
    if (!path) return;
    Document* open = workspace_.document(*path);
    if (!open) return;
    for (const auto& change : member(params, "contentChanges", Json::value_t::array)) {
      const Json& text = member(change, "text", Json::value_t::string);
      if (auto r = change.find("range"); r != change.end() && r->is_object()) {
        const LineIndex lines(open->text);
        auto pos = [&](const char* key) {
          const Json& at = member(*r, key, Json::value_t::object);
          if (!at.contains("line") || !at.contains("character")) invalid_params("a position needs `line` and `character`");
          return lines.offset(Position{to_u32(at["line"], "line"), to_u32(at["character"], "character")}, encoding_);
        };
        const std::uint32_t begin = pos("start"), end = pos("end");
        if (end < begin) continue;
        open->text.replace(begin, end - begin, text.get<std::string>());
      } else {
        open->text = text.get<std::string>();
      }
    }
    open->version = doc.value("version", open->version);
    workspace_.touch();
  } else if (method == "textDocument/didClose") {
    const Json& doc = member(params, "textDocument", Json::value_t::object);
    if (const auto path = path_of_uri(member(doc, "uri", Json::value_t::string).get<std::string>())) workspace_.close(*path);
  } else if (method == "workspace/didChangeConfiguration") {
    // The settings as VS Code sends them (`{"schedc": {...}}`, synchronize.configurationSection) or the section itself.
    const Json& settings = member(params, "settings", Json::value_t::object);
    auto section = settings.find("schedc");
    configure(section != settings.end() ? *section : settings);
  } else if (method == "textDocument/didSave" || method == "workspace/didChangeWatchedFiles") {
    workspace_.touch();
  } else if (method == "workspace/didChangeWorkspaceFolders") {
    const Json& event = member(params, "event", Json::value_t::object);
    std::vector<std::string> folders = workspace_.folders();
    for (const auto& f : member(event, "removed", Json::value_t::array))
      if (f.is_object() && f.contains("uri") && f["uri"].is_string())
        if (auto path = path_of_uri(f["uri"].get<std::string>()))
          folders.erase(std::remove(folders.begin(), folders.end(), *path), folders.end());
    for (const auto& f : member(event, "added", Json::value_t::array))
      if (f.is_object() && f.contains("uri") && f["uri"].is_string())
        if (auto path = path_of_uri(f["uri"].get<std::string>())) folders.push_back(*path);
    workspace_.set_folders(folders);
  }
}

std::vector<Json> Server::idle() {
  if (!initialized_ || shutdown_ || exited_ || !workspace_.dirty()) return {};
  return publish();
}

Json Server::range(const Snapshot& s, const Span& span) const {
  const LineIndex& lines = s.lines(span.file);
  const Position b = lines.position(span.begin, encoding_), e = lines.position(span.end, encoding_);
  return Json{{"start", {{"line", b.line}, {"character", b.character}}}, {"end", {{"line", e.line}, {"character", e.character}}}};
}

Json Server::location(const Snapshot& s, const Span& span) const {
  auto it = s.uri_of.find(span.file);
  if (it == s.uri_of.end()) return nullptr;
  return Json{{"uri", it->second}, {"range", range(s, span)}};
}

std::vector<Json> Server::publish() {
  const Snapshot& s = workspace_.snapshot();
  if (workspace_.generation() == published_generation_) return {};  // nothing compiled since the last publication
  published_generation_ = workspace_.generation();
  std::map<std::string, Json> by_uri;
  for (const auto& [file, uri] : s.uri_of) by_uri[uri] = Json::array();
  for (const auto& d : s.result.diagnostics.all()) {
    auto it = s.uri_of.find(d.primary.file);
    if (d.primary.file == 0 || it == s.uri_of.end()) continue;  // no place in an editor (command-line level)
    if (d.suppressed) continue;  // allowed (a comment's or the project's allowance): not shown, as `check` prints
    std::string message = d.message;
    for (const auto& n : d.notes) message += "\nnote: " + n;
    if (d.help) message += "\nhelp: " + *d.help;
    Json diag{{"range", range(s, d.primary)},
              {"severity", d.severity == Severity::Error ? 1 : d.severity == Severity::Warning ? 2 : 3},
              {"code", d.code},
              {"source", "schedc"},
              {"message", message}};
    if (options_.explain_url) {
      std::string href = *options_.explain_url;
      if (auto at = href.find("{code}"); at != std::string::npos) href.replace(at, 6, d.code);
      diag["codeDescription"] = {{"href", href}};
    }
    Json related = Json::array();
    if (!d.primary_label.empty()) related.push_back({{"location", location(s, d.primary)}, {"message", d.primary_label}});
    for (const auto& l : d.labels)
      if (auto loc = location(s, l.span); !loc.is_null()) related.push_back({{"location", loc}, {"message", l.message}});
    if (!related.empty()) diag["relatedInformation"] = std::move(related);
    by_uri[it->second].push_back(std::move(diag));
  }
  std::vector<Json> out;
  for (auto& [uri, diags] : by_uri) {
    const bool has = !diags.empty();
    auto was = published_.find(uri);
    if (!has && (was == published_.end() || !was->second)) continue;
    published_[uri] = has;
    out.push_back(Json{{"jsonrpc", "2.0"},
                       {"method", "textDocument/publishDiagnostics"},
                       {"params", {{"uri", uri}, {"diagnostics", std::move(diags)}}}});
  }
  // Files that left the compilation (closed, deleted): their diagnostics are cleared.
  for (auto& [uri, has] : published_)
    if (has && !by_uri.count(uri)) {
      has = false;
      out.push_back(Json{{"jsonrpc", "2.0"},
                         {"method", "textDocument/publishDiagnostics"},
                         {"params", {{"uri", uri}, {"diagnostics", Json::array()}}}});
    }
  return out;
}

std::optional<Server::Place> Server::place(const Json& params, bool with_position) {
  const Json& doc = member(params, "textDocument", Json::value_t::object);
  const std::string uri = member(doc, "uri", Json::value_t::string).get<std::string>();
  const Snapshot& s = workspace_.snapshot();
  auto it = s.file_of.find(uri);
  if (it == s.file_of.end()) {
    if (auto path = path_of_uri(uri)) it = s.file_of.find(uri_of_path(*path));  // another spelling of the same path
    if (it == s.file_of.end()) return std::nullopt;
  }
  Place p{&s, it->second, 0};
  if (with_position) {
    const Json& pos = member(params, "position", Json::value_t::object);
    if (!pos.contains("line") || !pos.contains("character")) invalid_params("`position` needs `line` and `character`");
    p.offset = s.lines(p.file).offset(Position{to_u32(pos["line"], "line"), to_u32(pos["character"], "character")}, encoding_);
  }
  return p;
}

Json Server::completion(const Json& params) {
  auto p = place(params, true);
  Json out = Json::array();
  if (!p) return out;
  if (p->snapshot->result.symbols) last_index_ = p->snapshot->result.symbols;
  const std::string& text = p->snapshot->result.sources.file(p->file).text;
  for (const auto& c : complete(text, p->offset, last_index_.get())) {
    Json item{{"label", c.label}, {"kind", c.kind}, {"detail", c.detail}};
    if (c.replace_from && *c.replace_from <= p->offset)
      item["textEdit"] = {{"range", range(*p->snapshot, Span{p->file, *c.replace_from, p->offset})}, {"newText", c.label}};
    out.push_back(std::move(item));
  }
  return out;
}

Json Server::execute_command(const Json& params) {
  const std::string command = member(params, "command", Json::value_t::string).get<std::string>();
  if (command != "schedc.explain") throw RpcError{kInvalidParams, fmt::format("unknown command `{}`", command)};
  const Json& args = member(params, "arguments", Json::value_t::array);
  if (args.empty() || !args[0].is_string()) invalid_params("schedc.explain takes a diagnostic code");
  auto page = explain_page(args[0].get<std::string>());
  if (!page) invalid_params(fmt::format("`{}` is not a schedc diagnostic code", args[0].get<std::string>()));
  return std::string(*page);
}

// ---- the stream ------------------------------------------------------------------------------------------------

int run_lsp(std::istream& in, std::ostream& out, std::ostream& log, ServerOptions options) {
  Server server(std::move(options));
  // A reader thread frames messages into a queue; the server answers them in order and, whenever the queue is
  // empty, publishes what changed, so a burst of edits is compiled once.
  std::mutex mu;
  std::condition_variable ready;
  std::deque<Frame> queue;
  bool ended = false;
  std::thread reader([&] {
    for (;;) {
      Frame f = read_frame(in);
      std::lock_guard lock(mu);
      const bool stop = f.status != Frame::Status::Message;
      queue.push_back(std::move(f));
      ready.notify_one();
      if (stop) {
        ended = true;
        return;
      }
    }
  });
  auto send = [&](const std::vector<Json>& messages) {
    for (const auto& m : messages) write_frame(out, m.dump(-1, ' ', false, Json::error_handler_t::replace));
  };
  int code = 1;
  for (;;) {
    Frame f;
    {
      std::unique_lock lock(mu);
      if (queue.empty()) {
        lock.unlock();
        send(server.idle());
        lock.lock();
      }
      ready.wait(lock, [&] { return !queue.empty(); });
      f = std::move(queue.front());
      queue.pop_front();
    }
    if (f.status == Frame::Status::Malformed) {
      log << "schedc lsp: " << f.error << "; stopping\n";
      break;
    }
    if (f.status == Frame::Status::End) break;
    send(server.handle_text(f.body));
    if (server.exited()) {
      code = server.exit_code();
      break;
    }
  }
  // The reader may be blocked on a stream that never ends; the process exits with it.
  if (ended) reader.join();
  else reader.detach();
  return code;
}

}  // namespace schedc::cli::lsp
