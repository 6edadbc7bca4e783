#include "cli/lsp/server.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <istream>
#include <mutex>
#include <ostream>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "cli/lsp/completion.hpp"
#include "cli/lsp/transport.hpp"
#include "cli/next.hpp"
#include "compiler/schedule/cron/cron.hpp"
#include "compiler/schedule/cron/describe.hpp"
#include "compiler/schedule/tz/timezone.hpp"

namespace schedc::cli::lsp {
namespace {

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;

struct RpcError {
  int code;
  std::string message;
};

[[noreturn]] void invalid_params(std::string why) { throw RpcError{kInvalidParams, std::move(why)}; }

Json error_response(const Json& id, int code, const std::string& message) {
  return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

const Json& member(const Json& object, const char* key, Json::value_t type) {
  if (!object.is_object()) invalid_params("params must be an object");
  auto it = object.find(key);
  if (it == object.end() || it->type() != type) invalid_params(fmt::format("`{}` is missing or of the wrong type", key));
  return *it;
}

std::uint32_t to_u32(const Json& v, const char* what) {
  if (!v.is_number_integer() && !v.is_number_unsigned()) invalid_params(fmt::format("`{}` is not an integer", what));
  const auto n = v.get<long long>();
  if (n < 0 || n > 0x7fffffff) invalid_params(fmt::format("`{}` is out of range", what));
  return static_cast<std::uint32_t>(n);
}

const char* kind_word(lower::SymbolKind k) { return lower::symbol_kind_name(k); }

// LSP SymbolKind numbers for document symbols.
int symbol_kind_number(lower::SymbolKind k) {
  switch (k) {
    case lower::SymbolKind::Model: return 12;           // Function
    case lower::SymbolKind::Environment: return 14;     // Constant
    case lower::SymbolKind::ClusterProfile: return 23;  // Struct
    default: return 19;                                 // Object
  }
}

// The `cron "..." in "..."` value whose text contains `offset`, anywhere in `body`.
const syntax::Value* cron_at(const syntax::Value& v, std::uint32_t offset);
const syntax::Value* cron_at(const syntax::Body& body, std::uint32_t offset) {
  if (offset < body.span.begin || offset > body.span.end) return nullptr;
  for (const auto& e : body.entries) {
    if (e.nested)
      if (const auto* c = cron_at(*e.nested, offset)) return c;
    if (e.kind == syntax::Entry::Kind::Attribute)
      if (const auto* c = cron_at(e.value, offset)) return c;
  }
  return nullptr;
}
const syntax::Value* cron_at(const syntax::Value& v, std::uint32_t offset) {
  if (offset < v.span.begin || offset > v.span.end) return nullptr;
  if (v.kind == syntax::Value::Kind::Cron) return &v;
  for (const auto& item : v.items)
    if (const auto* c = cron_at(item, offset)) return c;
  for (const auto& e : v.per_env())
    if (const auto* c = cron_at(e.value, offset)) return c;
  if (v.block) return cron_at(*v.block, offset);
  return nullptr;
}

std::string text_of(const std::vector<syntax::StringPart>& parts) {
  std::string out;
  for (const auto& p : parts) out += p.kind == syntax::StringPart::Kind::Text ? p.text : "{" + p.text + "}";
  return out;
}

std::string per_env_lines(const ir::PerEnv<std::string>& v, const std::string& what) {
  std::string out;
  if (v.all) return fmt::format("- {}: `{}`\n", what, *v.all);
  for (const auto& [env, value] : v.by_env) out += fmt::format("- {} in `{}`: `{}`\n", what, env, value);
  return out;
}

}  // namespace

Server::Server(ServerOptions options) : options_(std::move(options)), workspace_(options_.stdlib_dir) {}

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

Json Server::hover(const Json& params) {
  auto p = place(params, true);
  if (!p || !p->snapshot->result.symbols) return nullptr;
  const auto& index = *p->snapshot->result.symbols;
  // A cron expression: what it means; its zone: the zone and the Windows id ADF uses for it.
  for (const auto& unit : index.units) {
    if (unit.file != p->file) continue;
    for (const auto& decl : unit.ast.decls) {
      const syntax::Value* v = cron_at(decl.body, p->offset);
      if (!v) continue;
      const auto& c = v->cron();
      if (p->offset >= c.expr_span.begin && p->offset <= c.expr_span.end) {
        const auto parsed = schedule::cron::parse(text_of(c.expr));
        if (!parsed.expr) return nullptr;  // the diagnostic says what is wrong
        return Json{{"contents", {{"kind", "markdown"},
                                  {"value", fmt::format("**cron** `{}`: {}", parsed.expr->text, schedule::cron::describe(*parsed.expr))}}},
                    {"range", range(*p->snapshot, c.expr_span)}};
      }
      if (p->offset >= c.zone_span.begin && p->offset <= c.zone_span.end) {
        const std::string zone = text_of(c.zone);
        if (!schedule::tz::is_known_zone(zone)) return nullptr;
        const auto windows = schedule::tz::windows_zone(zone);
        return Json{{"contents", {{"kind", "markdown"},
                                  {"value", fmt::format("**time zone** `{}` (tz database {})\n\n- ADF trigger zone: {}", zone,
                                                        schedule::tz::tzdata_version(),
                                                        windows ? fmt::format("`{}`", *windows) : std::string("none (SCH3003)"))}}},
                    {"range", range(*p->snapshot, c.zone_span)}};
      }
    }
  }
  const lower::Symbol* sym = index.symbols.at(p->file, p->offset);
  if (!sym) return nullptr;
  const ir::Project& project = index.project;
  std::string md = fmt::format("**{}** `{}`\n\n", kind_word(sym->kind), sym->qname);
  switch (sym->kind) {
    case lower::SymbolKind::Model:
      for (const auto& m : project.models)
        if (m.name == sym->qname) {
          md += fmt::format("```text\n{}```\n", next_fires_text(m, now(), 5));
          break;
        }
      break;
    case lower::SymbolKind::Workspace:
      for (const auto& w : project.workspaces)
        if (w.name == sym->qname) md += per_env_lines(w.url, "url") + per_env_lines(w.resource_id, "resource_id");
      break;
    case lower::SymbolKind::Storage:
      for (const auto& st : project.storages)
        if (st.name == sym->qname) md += per_env_lines(st.url, "url");
      break;
    case lower::SymbolKind::KeyVault:
      for (const auto& kv : project.key_vaults)
        if (kv.name == sym->qname) md += per_env_lines(kv.url, "url") + fmt::format("- Databricks secret scope: `{}`\n", kv.databricks_scope);
      break;
    default: {
      // A profile or an environment: its declaration as written.
      const auto& sm = p->snapshot->result.sources;
      std::string_view text = sm.text(sym->decl->span);
      if (text.size() > 4000) text = text.substr(0, 4000);
      md += fmt::format("```sched\n{}\n```\n", text);
    }
  }
  const auto& decl_file = p->snapshot->result.sources.file(sym->name_span().file);
  const LineCol at = p->snapshot->result.sources.line_col(sym->name_span().file, sym->name_span().begin);
  md += fmt::format("\ndeclared at {}:{}:{}", decl_file.qualified(), at.line, at.column);
  return Json{{"contents", {{"kind", "markdown"}, {"value", md}}}};
}

Json Server::definition(const Json& params) {
  auto p = place(params, true);
  if (!p || !p->snapshot->result.symbols) return nullptr;
  const auto& index = *p->snapshot->result.symbols;
  // `use "file"` and `use std.module`: the file it names.
  for (const auto& unit : index.units) {
    if (unit.file != p->file) continue;
    for (const auto& use : unit.ast.uses)
      if (use.target_span.begin <= p->offset && p->offset <= use.target_span.end) {
        if (!use.is_file) {  // a stdlib module: its file
          std::string name;
          for (const auto& seg : use.module) name += (name.empty() ? "" : ".") + seg.text;
          for (const auto& other : index.units)
            if (!other.module.empty() && (other.module == name || "std." + other.module == name))
              return location(*p->snapshot, Span{other.file, 0, 0});
          return nullptr;
        }
        // A project file: relative to the directory of the file that uses it.
        std::string dir = p->snapshot->result.sources.file(p->file).real_path();
        dir = dir.substr(0, dir.rfind('/') + 1);
        const auto target = std::filesystem::absolute(std::filesystem::path(dir + use.file)).lexically_normal();
        if (auto it = p->snapshot->file_of.find(uri_of_path(target.generic_string())); it != p->snapshot->file_of.end())
          return location(*p->snapshot, Span{it->second, 0, 0});
        return nullptr;
      }
  }
  const lower::Symbol* sym = index.symbols.at(p->file, p->offset);
  if (!sym) return nullptr;
  Json out = Json::array();
  for (const auto& d : index.symbols.declarations(sym->kind, sym->qname))
    if (auto loc = location(*p->snapshot, d.name_span()); !loc.is_null()) out.push_back(loc);
  if (out.empty())
    if (auto loc = location(*p->snapshot, sym->name_span()); !loc.is_null()) out.push_back(loc);
  return out;
}

Json Server::references(const Json& params) {
  auto p = place(params, true);
  if (!p || !p->snapshot->result.symbols) return nullptr;
  const auto& index = *p->snapshot->result.symbols;
  const lower::Symbol* sym = index.symbols.at(p->file, p->offset);
  if (!sym) return nullptr;
  bool include_declaration = true;
  if (auto c = params.find("context"); c != params.end() && c->is_object())
    include_declaration = c->value("includeDeclaration", true);
  std::vector<Span> spans;
  if (include_declaration)
    for (const auto& d : index.symbols.declarations(sym->kind, sym->qname)) spans.push_back(d.name_span());
  for (const auto* r : index.symbols.references_to(sym->kind, sym->qname)) spans.push_back(r->span);
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.file, a.begin, a.end) < std::tie(b.file, b.begin, b.end);
  });
  spans.erase(std::unique(spans.begin(), spans.end(),
                          [](const Span& a, const Span& b) { return a.file == b.file && a.begin == b.begin && a.end == b.end; }),
              spans.end());
  Json out = Json::array();
  for (const auto& s : spans)
    if (auto loc = location(*p->snapshot, s); !loc.is_null()) out.push_back(loc);
  return out;
}

Json Server::document_symbols(const Json& params) {
  auto p = place(params, false);
  Json out = Json::array();
  if (!p || !p->snapshot->result.symbols) return out;
  const auto& index = *p->snapshot->result.symbols;
  for (const auto& unit : index.units) {
    if (unit.file != p->file) continue;
    for (const auto& decl : unit.ast.decls) {
      const std::string name = decl.name ? decl.name->text : decl.kind.text;
      const Span sel = decl.name ? decl.name->span : decl.kind.span;
      int kind = 19;
      for (std::size_t k = 0; k < lower::kSymbolKinds; ++k) {
        const auto sk = static_cast<lower::SymbolKind>(k);
        if (decl.name && index.symbols.find(sk, decl.name->text) &&
            index.symbols.find(sk, decl.name->text)->decl == &decl)
          kind = symbol_kind_number(sk);
      }
      out.push_back(Json{{"name", name.empty() ? decl.kind.text : name},
                         {"detail", decl.kind.text},
                         {"kind", kind},
                         {"range", range(*p->snapshot, decl.span)},
                         {"selectionRange", range(*p->snapshot, sel)}});
    }
  }
  return out;
}

Json Server::folding_ranges(const Json& params) {
  auto p = place(params, false);
  Json out = Json::array();
  if (!p || !p->snapshot->result.symbols) return out;
  const auto& index = *p->snapshot->result.symbols;
  const LineIndex& lines = p->snapshot->lines(p->file);
  auto fold = [&](const Span& s) {
    const auto b = lines.position(s.begin, Encoding::Utf8).line, e = lines.position(s.end, Encoding::Utf8).line;
    if (e > b) out.push_back(Json{{"startLine", b}, {"endLine", e > 0 ? e - 1 : e}});
  };
  std::function<void(const syntax::Body&)> body = [&](const syntax::Body& b) {
    fold(b.span);
    for (const auto& e : b.entries) {
      if (e.nested) body(*e.nested);
      if (e.value.block) body(*e.value.block);
    }
  };
  for (const auto& unit : index.units)
    if (unit.file == p->file)
      for (const auto& decl : unit.ast.decls) body(decl.body);
  return out;
}

Json Server::completion(const Json& params) {
  auto p = place(params, true);
  Json out = Json::array();
  if (!p) return out;
  if (p->snapshot->result.symbols) last_index_ = p->snapshot->result.symbols;
  const std::string& text = p->snapshot->result.sources.file(p->file).text;
  for (const auto& c : complete(text, p->offset, last_index_.get()))
    out.push_back(Json{{"label", c.label}, {"kind", c.kind}, {"detail", c.detail}});
  return out;
}

// Quick fixes: every diagnostic in the range whose help says "did you mean `X`?" replaces the text it points at
// with X (an unknown field, reference, declaration kind, zone, ...).
Json Server::code_actions(const Json& params) {
  auto p = place(params, false);
  Json out = Json::array();
  if (!p) return out;
  const Json& r = member(params, "range", Json::value_t::object);
  const Json& start = member(r, "start", Json::value_t::object);
  const Json& end = member(r, "end", Json::value_t::object);
  if (!start.contains("line") || !start.contains("character") || !end.contains("line") || !end.contains("character"))
    invalid_params("`range` needs `start` and `end` positions");
  const LineIndex& lines = p->snapshot->lines(p->file);
  const std::uint32_t from = lines.offset(Position{to_u32(start["line"], "line"), to_u32(start["character"], "character")}, encoding_);
  const std::uint32_t to = lines.offset(Position{to_u32(end["line"], "line"), to_u32(end["character"], "character")}, encoding_);
  const std::string& uri = p->snapshot->uri_of.at(p->file);
  constexpr std::string_view kPrefix = "did you mean `";
  for (const auto& d : p->snapshot->result.diagnostics.all()) {
    if (d.primary.file != p->file || d.primary.end < from || d.primary.begin > to || !d.help) continue;
    const std::string& help = *d.help;
    if (help.rfind(kPrefix, 0) != 0) continue;
    const auto close = help.find('`', kPrefix.size());
    if (close == std::string::npos || help.compare(close, 2, "`?") != 0) continue;  // one suggestion only
    const std::string replacement = help.substr(kPrefix.size(), close - kPrefix.size());
    // A quoted value (a zone, a path) keeps its quotes: replace inside them.
    Span target = d.primary;
    const std::string_view written = p->snapshot->result.sources.text(target);
    if (written.size() >= 2 && written.front() == '"' && written.back() == '"') {
      ++target.begin;
      --target.end;
    }
    out.push_back(Json{{"title", fmt::format("Replace with `{}`", replacement)},
                       {"kind", "quickfix"},
                       {"isPreferred", true},
                       {"diagnostics", {{{"range", range(*p->snapshot, d.primary)}, {"code", d.code}, {"message", d.message}}}},
                       {"edit", {{"changes", {{uri, {{{"range", range(*p->snapshot, target)}, {"newText", replacement}}}}}}}}});
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
