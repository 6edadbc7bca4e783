// The language server (cli/lsp/): its base protocol, positions and URIs, and whole sessions driven in process: the
// lifecycle, diagnostics as `check` reports them, hover, definition, references, symbols, folding, and hostile
// messages answered with JSON-RPC errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/lsp/completion.hpp"
#include "cli/lsp/server.hpp"
#include "cli/lsp/text.hpp"
#include "cli/lsp/transport.hpp"
#include "cli/next.hpp"
#include "compiler/analysis/memo.hpp"
#include "compiler/compile.hpp"
#include "compiler/format/format.hpp"
#include "tests/unit/temp_dir.hpp"
#include "tests/unit/sched_sources.hpp"

namespace schedc::cli::lsp {
namespace {

namespace fs = std::filesystem;

// ---- base protocol ----------------------------------------------------------------------------------------------

TEST(LspTransport, ReadsFramedMessagesInOrder) {
  std::istringstream in("Content-Length: 2\r\n\r\n{}content-length: 4\r\nContent-Type: x\r\n\r\n[1] ");
  Frame a = read_frame(in);
  ASSERT_EQ(a.status, Frame::Status::Message);
  EXPECT_EQ(a.body, "{}");
  Frame b = read_frame(in);
  ASSERT_EQ(b.status, Frame::Status::Message);
  EXPECT_EQ(b.body, "[1] ");
  EXPECT_EQ(read_frame(in).status, Frame::Status::End);
}

TEST(LspTransport, RefusesWhatCannotBeFramed) {
  for (const char* text : {"Content-Type: x\r\n\r\n{}", "Content-Length: x\r\n\r\n{}", "Content-Length: 10\r\n\r\n{}",
                           "no colon here\r\n\r\n", "Content-Length: 99999999999\r\n\r\n"}) {
    std::istringstream in(text);
    EXPECT_EQ(read_frame(in).status, Frame::Status::Malformed) << text;
  }
  std::istringstream long_header(std::string(20000, 'a'));
  EXPECT_EQ(read_frame(long_header).status, Frame::Status::Malformed);
}

TEST(LspTransport, WritesContentLengthInBytes) {
  std::ostringstream out;
  write_frame(out, "{\"a\":\"\xC3\xA9\"}");
  EXPECT_EQ(out.str(), "Content-Length: 10\r\n\r\n{\"a\":\"\xC3\xA9\"}");
}

// ---- positions and URIs -----------------------------------------------------------------------------------------

TEST(LspText, CountsUtf16UnitsOrBytes) {
  // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
  const std::string text = "ab\n\xC3\xA9x\xF0\x9F\x98\x80y\r\nlast";
  LineIndex lines(text);
  const auto y = static_cast<std::uint32_t>(text.find('y'));
  EXPECT_EQ(lines.position(y, Encoding::Utf16).line, 1u);
  EXPECT_EQ(lines.position(y, Encoding::Utf16).character, 4u);  // é x 😀(2)
  EXPECT_EQ(lines.position(y, Encoding::Utf8).character, 7u);
  EXPECT_EQ(lines.offset(Position{1, 4}, Encoding::Utf16), y);
  EXPECT_EQ(lines.offset(Position{1, 7}, Encoding::Utf8), y);
  // Past the end of a line: the line's end (before "\r\n"); past the last line: the end of the text.
  EXPECT_EQ(lines.offset(Position{1, 99}, Encoding::Utf16), text.find('\r'));
  EXPECT_EQ(lines.offset(Position{99, 0}, Encoding::Utf16), text.size());
  EXPECT_EQ(lines.position(1000, Encoding::Utf16).line, 2u);
}

TEST(LspText, FileUrisRoundTrip) {
  EXPECT_EQ(uri_of_path("/a b/c#d.sched"), "file:///a%20b/c%23d.sched");
  EXPECT_EQ(path_of_uri("file:///a%20b/c%23d.sched"), "/a b/c#d.sched");
  EXPECT_EQ(path_of_uri("file://localhost/x"), "/x");
  EXPECT_FALSE(path_of_uri("untitled:Untitled-1"));
  EXPECT_FALSE(path_of_uri("file:///bad%zz"));
  EXPECT_FALSE(path_of_uri("file:///nul%00"));
}

// ---- sessions ------------------------------------------------------------------------------------------------------

const char* const kPlatform = ::schedc::testing::kTwoEnvironmentPlatform;

const char* kModels = R"(use std.clusters
model up {
  owner = "a@b.co"  notebook = "/n/up"  workspace = analytics  cluster = clusters.general
  schedule = cron "0 1 * * *" in "UTC"  timeout = 1h
}
model down {
  owner = "a@b.co"  notebook = "/n/down"  workspace = analytics  cluster = clusters.general
  schedule = cron "0 6 * * *" in "Europe/Amsterdam"  timeout = 1h
  requires { file "raw/x/_SUCCESS" in lake check }
}
)";

class LspSession : public schedc::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    write("platform.sched", kPlatform);
    write("models.sched", kModels);
    ServerOptions options;
    options.stdlib_dir = std::string(SCHEDC_SOURCE_DIR) + "/stdlib";
    server_ = std::make_unique<Server>(options);
  }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; }
  std::string uri(const std::string& name) const { return uri_of_path((dir / name).generic_string()); }

  Json call(const std::string& method, Json params) {
    const int id = ++next_id_;
    auto out = server_->handle(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    Json response;
    for (auto& m : out) {
      if (m.contains("id") && m["id"] == id) response = m;
      else notifications_.push_back(m);
    }
    EXPECT_FALSE(response.is_null()) << method << " got no response";
    return response;
  }
  void notify(const std::string& method, Json params) {
    auto out = server_->handle(Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
    EXPECT_TRUE(out.empty()) << method;
    for (auto& m : server_->idle()) notifications_.push_back(m);
  }
  Json initialize(Json capabilities = Json::object()) {
    return call("initialize", {{"processId", nullptr},
                               {"capabilities", std::move(capabilities)},
                               {"workspaceFolders", {{{"uri", uri_of_path(dir.generic_string())}, {"name", "repo"}}}},
                               {"initializationOptions", {{"now", "2026-03-28T00:00:00Z"}}}});
  }
  // The latest diagnostics published for a URI.
  Json diagnostics_of(const std::string& u) const {
    Json last;
    for (const auto& n : notifications_)
      if (n.value("method", "") == "textDocument/publishDiagnostics" && n["params"]["uri"] == u) last = n["params"]["diagnostics"];
    return last;
  }
  Json position_of(const std::string& name, const std::string& needle, std::size_t delta = 0) {
    std::ifstream in(dir / name);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    const auto at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << needle;
    const Position p = LineIndex(text).position(static_cast<std::uint32_t>(at + delta), Encoding::Utf16);
    return Json{{"line", p.line}, {"character", p.character}};
  }
  Json at(const std::string& name, const std::string& needle, std::size_t delta = 0) {
    return Json{{"textDocument", {{"uri", uri(name)}}}, {"position", position_of(name, needle, delta)}};
  }

  std::unique_ptr<Server> server_;
  std::vector<Json> notifications_;
  int next_id_ = 0;
};

TEST_F(LspSession, RequestsBeforeInitializeAreRefused) {
  const Json r = call("textDocument/hover", at("models.sched", "lake"));
  EXPECT_EQ(r["error"]["code"], -32002);
}

TEST_F(LspSession, InitializeNegotiatesThePositionEncoding) {
  Json r = initialize();
  EXPECT_EQ(r["result"]["capabilities"]["positionEncoding"], "utf-16");
  EXPECT_EQ(r["result"]["capabilities"]["textDocumentSync"]["change"], 2);
  EXPECT_EQ(call("initialize", Json::object())["error"]["code"], -32600);  // only once

  SetUp();
  r = initialize({{"general", {{"positionEncodings", {"utf-16", "utf-8"}}}}});
  EXPECT_EQ(r["result"]["capabilities"]["positionEncoding"], "utf-8");
}

TEST_F(LspSession, HostileMessagesGetJsonRpcErrors) {
  initialize();
  EXPECT_EQ(server_->handle_text("{not json")[0]["error"]["code"], -32700);
  EXPECT_EQ(server_->handle_text("[1,2]")[0]["error"]["code"], -32600);
  EXPECT_EQ(server_->handle(Json{{"jsonrpc", "1.0"}, {"id", 1}, {"method", "x"}})[0]["error"]["code"], -32600);
  EXPECT_EQ(call("no/such/method", Json::object())["error"]["code"], -32601);
  EXPECT_EQ(call("textDocument/hover", Json::object())["error"]["code"], -32602);
  EXPECT_EQ(call("textDocument/hover", {{"textDocument", {{"uri", uri("models.sched")}}}, {"position", {{"line", -1}, {"character", 0}}}})["error"]["code"], -32602);
  EXPECT_EQ(call("textDocument/hover", {{"textDocument", {{"uri", uri("models.sched")}}}, {"position", {{"line", "x"}, {"character", 0}}}})["error"]["code"], -32602);
  // Out-of-range positions are clamped, as the protocol says: no result, no error.
  EXPECT_TRUE(call("textDocument/hover", {{"textDocument", {{"uri", uri("models.sched")}}}, {"position", {{"line", 100000}, {"character", 100000}}}})["result"].is_null());
  // A document outside the workspace: no result.
  EXPECT_TRUE(call("textDocument/definition", {{"textDocument", {{"uri", "file:///nowhere.sched"}}}, {"position", {{"line", 0}, {"character", 0}}}})["result"].is_null());
  // Malformed notifications are dropped without an answer; the server goes on.
  notify("textDocument/didOpen", {{"textDocument", 3}});
  notify("textDocument/didChange", {{"textDocument", {{"uri", uri("models.sched")}}}, {"contentChanges", "x"}});
  EXPECT_EQ(call("shutdown", nullptr)["result"], nullptr);
  EXPECT_EQ(call("textDocument/hover", at("models.sched", "lake"))["error"]["code"], -32600);
  notify("exit", nullptr);
  EXPECT_TRUE(server_->exited());
  EXPECT_EQ(server_->exit_code(), 0);
}

TEST_F(LspSession, ExitWithoutShutdownIsCodeOne) {
  initialize();
  notify("exit", nullptr);
  EXPECT_TRUE(server_->exited());
  EXPECT_EQ(server_->exit_code(), 1);
}

TEST_F(LspSession, DiagnosticsFollowTheEditorsTextAndClearWhenFixed) {
  initialize();
  // An unknown storage in the open (unsaved) text: SCH2001 at the name, with the did-you-mean of `check`.
  std::string text = kModels;
  text.replace(text.find("in lake"), 7, "in laek");
  notify("textDocument/didOpen", {{"textDocument", {{"uri", uri("models.sched")}, {"languageId", "sched"}, {"version", 1}, {"text", text}}}});
  Json diags = diagnostics_of(uri("models.sched"));
  ASSERT_TRUE(diags.is_array());
  ASSERT_EQ(diags.size(), 1u) << diags.dump(2);
  EXPECT_EQ(diags[0]["code"], "SCH2001");
  EXPECT_EQ(diags[0]["severity"], 1);
  EXPECT_EQ(diags[0]["source"], "schedc");
  const auto line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(text.find("laek")), '\n'));
  EXPECT_EQ(diags[0]["range"]["start"]["line"], line);
  EXPECT_NE(diags[0]["message"].get<std::string>().find("lake"), std::string::npos) << diags[0]["message"];
  // The file on disk is untouched: the server never writes.
  std::ifstream disk(dir / "models.sched");
  std::stringstream ss;
  ss << disk.rdbuf();
  EXPECT_EQ(ss.str(), kModels);

  // An incremental edit puts `lake` back: the diagnostics are cleared with an empty list.
  const Json start = diags[0]["range"]["start"];
  Json end = start;
  end["character"] = start["character"].get<int>() + 4;
  notify("textDocument/didChange", {{"textDocument", {{"uri", uri("models.sched")}, {"version", 2}}},
                                    {"contentChanges", {{{"range", {{"start", start}, {"end", end}}}, {"text", "lake"}}}}});
  diags = diagnostics_of(uri("models.sched"));
  ASSERT_TRUE(diags.is_array());
  EXPECT_TRUE(diags.empty()) << diags.dump(2);
}

TEST_F(LspSession, DiagnosticsOfOtherFilesAndRelatedLocations) {
  write("dup.sched", "model up {\n  owner = \"a@b.co\"\n}\n");
  initialize();
  call("textDocument/documentSymbol", {{"textDocument", {{"uri", uri("models.sched")}}}});  // compiles
  // SCH4001 is reported at one of the two declarations, and points at the other file.
  bool found = false;
  for (const std::string name : {"dup.sched", "models.sched"}) {
    const Json list = diagnostics_of(uri(name));
    if (!list.is_array()) continue;
    for (const auto& d : list) {
      if (d["code"] != "SCH4001") continue;
      found = true;
      ASSERT_TRUE(d.contains("relatedInformation")) << d.dump(2);
      bool other = false;
      for (const auto& r : d["relatedInformation"]) other = other || r["location"]["uri"] != uri(name);
      EXPECT_TRUE(other) << d.dump(2);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(LspSession, DefinitionAndReferencesAcrossFiles) {
  initialize();
  const Json def = call("textDocument/definition", at("models.sched", "in lake", 3))["result"];
  ASSERT_EQ(def.size(), 1u) << def.dump(2);
  EXPECT_EQ(def[0]["uri"], uri("platform.sched"));
  EXPECT_EQ(def[0]["range"]["start"], position_of("platform.sched", "lake"));

  const Json refs = call("textDocument/references", at("platform.sched", "analytics", 2))["result"];
  ASSERT_EQ(refs.size(), 3u) << refs.dump(2);  // the declaration and the two models' `workspace = analytics`
  const Json no_decl = call("textDocument/references", {{"textDocument", {{"uri", uri("platform.sched")}}},
                                                        {"position", position_of("platform.sched", "analytics", 2)},
                                                        {"context", {{"includeDeclaration", false}}}})["result"];
  EXPECT_EQ(no_decl.size(), 2u);

  // A stdlib profile: into the stdlib's file; `use std.clusters`: that file.
  const Json profile = call("textDocument/definition", at("models.sched", "clusters.general", 10))["result"];
  ASSERT_EQ(profile.size(), 1u);
  EXPECT_NE(profile[0]["uri"].get<std::string>().find("stdlib/clusters.sched"), std::string::npos) << profile.dump();
  const Json module = call("textDocument/definition", at("models.sched", "std.clusters", 5))["result"];
  ASSERT_TRUE(module.is_object()) << module.dump();
  EXPECT_EQ(module["uri"], profile[0]["uri"]);
}

TEST_F(LspSession, HoverShowsNextFiresAndResolvedValues) {
  initialize();
  const Json model = call("textDocument/hover", at("models.sched", "model down", 7))["result"];
  ASSERT_TRUE(model.is_object()) << model.dump();
  const std::string md = model["contents"]["value"];
  // The same text `schedc next down --from 2026-03-28T00:00:00Z --count 5` prints (DST starts in Amsterdam that night).
  EXPECT_NE(md.find("**model** `down`"), std::string::npos) << md;
  EXPECT_NE(md.find("2026-03-29"), std::string::npos) << md;
  EXPECT_NE(md.find("declared at"), std::string::npos) << md;

  const Json ws = call("textDocument/hover", at("models.sched", "workspace = analytics", 13))["result"];
  const std::string w = ws["contents"]["value"];
  EXPECT_NE(w.find("url in `dd`: `https://adb-1.1.azuredatabricks.net`"), std::string::npos) << w;
  EXPECT_NE(w.find("url in `prod`: `https://adb-2.2.azuredatabricks.net`"), std::string::npos) << w;
  // Nothing at a keyword.
  EXPECT_TRUE(call("textDocument/hover", at("models.sched", "owner"))["result"].is_null());
}

TEST_F(LspSession, HoverResolvesProfilesAndPlatformNamesPerEnvironment) {
  write("extra.sched", R"(use std.clusters
keyvault kv {
  url = per_env { dd = "https://kv-dd.vault.azure.net"  prod = "https://kv-prod.vault.azure.net" }
  databricks_scope = "kv-models"
}
cluster shared_r {
  existing = per_env { dd = "0101-101010-rcluster1"  prod = "0303-303030-rcluster3" }
  libraries { cran = ["data.table"] }
}
cluster base_only { spark_version = "15.4.x-scala2.12" }
cluster big from clusters.general { node_type = "Standard_E8ds_v4"  workers = 4 }
)");
  initialize();
  auto hover = [&](const std::string& file, const std::string& needle, std::size_t delta) {
    const Json r = call("textDocument/hover", at(file, needle, delta))["result"];
    EXPECT_TRUE(r.is_object()) << needle << ": " << r.dump();
    return r.is_object() ? r["contents"]["value"].get<std::string>() : std::string();
  };
  // A use of a stdlib profile: its settings as resolved.
  const std::string general = hover("models.sched", "clusters.general", 10);
  EXPECT_NE(general.find("**cluster profile** `clusters.general`"), std::string::npos) << general;
  EXPECT_NE(general.find("- spark_version: `15.4.x-scala2.12`"), std::string::npos) << general;
  EXPECT_NE(general.find("- node_type: `Standard_DS3_v2`"), std::string::npos) << general;
  EXPECT_NE(general.find("- workers: autoscale 2 to 8"), std::string::npos) << general;
  EXPECT_NE(general.find("- custom_tags `schedc-profile`: `general`"), std::string::npos) << general;
  // A profile built `from` another: the base's fields with its own over them.
  const std::string big = hover("extra.sched", "cluster big", 8);
  EXPECT_NE(big.find("- spark_version: `15.4.x-scala2.12`"), std::string::npos) << big;
  EXPECT_NE(big.find("- node_type: `Standard_E8ds_v4`"), std::string::npos) << big;
  EXPECT_NE(big.find("- workers: 4 (fixed)"), std::string::npos) << big;
  // An existing cluster: its id per environment.
  const std::string shared = hover("extra.sched", "cluster shared_r", 8);
  EXPECT_NE(shared.find("- an existing interactive cluster"), std::string::npos) << shared;
  EXPECT_NE(shared.find("- cluster id in `dd`: `0101-101010-rcluster1`"), std::string::npos) << shared;
  EXPECT_NE(shared.find("- cluster id in `prod`: `0303-303030-rcluster3`"), std::string::npos) << shared;
  EXPECT_NE(shared.find("- libraries: 1"), std::string::npos) << shared;
  // A partial profile: what a model on it must add.
  const std::string partial = hover("extra.sched", "cluster base_only", 8);
  EXPECT_NE(partial.find("a model on it must add `node_type`, `workers`"), std::string::npos) << partial;
  // A key vault and a storage: their values per environment.
  const std::string kv = hover("extra.sched", "keyvault kv", 9);
  EXPECT_NE(kv.find("- url in `dd`: `https://kv-dd.vault.azure.net`"), std::string::npos) << kv;
  EXPECT_NE(kv.find("- url in `prod`: `https://kv-prod.vault.azure.net`"), std::string::npos) << kv;
  EXPECT_NE(kv.find("- Databricks secret scope: `kv-models`"), std::string::npos) << kv;
  const std::string lake = hover("models.sched", "in lake", 3);
  EXPECT_NE(lake.find("**storage** `lake`"), std::string::npos) << lake;
  EXPECT_NE(lake.find("- url: `https://lake.dfs.core.windows.net`"), std::string::npos) << lake;
}

TEST_F(LspSession, SymbolsAndFolding) {
  initialize();
  const Json symbols = call("textDocument/documentSymbol", {{"textDocument", {{"uri", uri("models.sched")}}}})["result"];
  ASSERT_EQ(symbols.size(), 2u) << symbols.dump(2);
  EXPECT_EQ(symbols[0]["name"], "up");
  EXPECT_EQ(symbols[0]["kind"], 12);
  EXPECT_EQ(symbols[1]["name"], "down");
  const Json folds = call("textDocument/foldingRange", {{"textDocument", {{"uri", uri("models.sched")}}}})["result"];
  ASSERT_GE(folds.size(), 2u) << folds.dump(2);
  EXPECT_EQ(folds[0]["startLine"], 1);
  EXPECT_EQ(folds[0]["endLine"], 3);
}

TEST_F(LspSession, ExplainCommandReturnsThePage) {
  initialize();
  const Json page = call("workspace/executeCommand", {{"command", "schedc.explain"}, {"arguments", {"SCH2001"}}})["result"];
  ASSERT_TRUE(page.is_string());
  EXPECT_NE(page.get<std::string>().find("SCH2001"), std::string::npos);
  EXPECT_EQ(call("workspace/executeCommand", {{"command", "schedc.explain"}, {"arguments", {"SCH0000"}}})["error"]["code"], -32602);
}

// A whole session over a byte stream: only protocol reaches the output, every response in order.
TEST_F(LspSession, StreamSessionWritesOnlyProtocol) {
  auto frame = [](const Json& m) {
    const std::string body = m.dump();
    return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  std::string input;
  input += frame({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                  {"params", {{"capabilities", Json::object()}, {"rootUri", uri_of_path(dir.generic_string())}}}});
  input += frame({{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", Json::object()}});
  input += frame({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "textDocument/definition"}, {"params", at("models.sched", "in lake", 3)}});
  input += frame({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "shutdown"}});
  input += frame({{"jsonrpc", "2.0"}, {"method", "exit"}});
  std::istringstream in(input);
  std::ostringstream out, log;
  ServerOptions options;
  options.stdlib_dir = std::string(SCHEDC_SOURCE_DIR) + "/stdlib";
  EXPECT_EQ(run_lsp(in, out, log, options), 0);
  std::istringstream written(out.str());
  std::vector<int> ids;
  for (Frame f = read_frame(written); f.status == Frame::Status::Message; f = read_frame(written)) {
    const Json m = Json::parse(f.body);
    if (m.contains("id")) ids.push_back(m["id"].get<int>());
  }
  EXPECT_EQ(ids, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(read_frame(written).status, Frame::Status::End);
}

}  // namespace
}  // namespace schedc::cli::lsp

namespace schedc::cli::lsp {
namespace {

// The labels completion offers at the `|` of `text`.
std::vector<std::string> labels_at(std::string text, const lower::SymbolIndex* index = nullptr) {
  const auto at = text.find('|');
  text.erase(at, 1);
  std::vector<std::string> out;
  for (const auto& c : complete(text, static_cast<std::uint32_t>(at), index)) out.push_back(c.label);
  std::sort(out.begin(), out.end());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(LspCompletion, KeysOfTheBlockAtTheCursor) {
  const auto model = labels_at("model m {\n  owner = \"x\"\n  |\n}\n");
  EXPECT_TRUE(has(model, "schedule") && has(model, "notebook") && has(model, "requires")) << ::testing::PrintToString(model);
  EXPECT_FALSE(has(model, "spark_version"));
  // While the file does not parse (a key without its value yet).
  const auto typing = labels_at("model m {\n  owner = \"x\"\n  sche|\n");
  EXPECT_TRUE(has(typing, "schedule")) << ::testing::PrintToString(typing);
  const auto cluster = labels_at("model m {\n  cluster = clusters.general { |");
  EXPECT_TRUE(has(cluster, "workers") && has(cluster, "spark_conf")) << ::testing::PrintToString(cluster);
  EXPECT_FALSE(has(cluster, "owner"));
  const auto libraries = labels_at("cluster big from general {\n  libraries {\n    |\n  }\n}\n");
  EXPECT_TRUE(has(libraries, "pypi") && has(libraries, "maven_repo")) << ::testing::PrintToString(libraries);
  EXPECT_TRUE(labels_at("model m {\n  notebook = \"/nb\" { |").empty());  // notebook parameters: any name
  const auto top = labels_at("# a comment {\n|");
  EXPECT_TRUE(has(top, "model") && has(top, "environment") && has(top, "use")) << ::testing::PrintToString(top);
  EXPECT_TRUE(labels_at("model m {\n  owner = \"ab|").empty());  // inside a string
}

TEST(LspCompletion, WordsAndNamesInValues) {
  EXPECT_EQ(labels_at("environment e { trigger = |"), (std::vector<std::string>{"started", "stopped"}));
  EXPECT_EQ(labels_at("model m {\n  target = |"), (std::vector<std::string>{"adf_job", "adf_notebook", "databricks"}));
  EXPECT_EQ(labels_at("project {\n  target = da|"), (std::vector<std::string>{"adf_job", "adf_notebook", "databricks"}));
  const auto req = labels_at("model m {\n  requires {\n    |");
  EXPECT_EQ(req, (std::vector<std::string>{"file", "folder", "model"}));
}

TEST_F(LspSession, CompletionOffersTheWorkspacesNames) {
  initialize();
  const Json storages = call("textDocument/completion", at("models.sched", "lake check", 0))["result"];
  std::vector<std::string> labels;
  for (const auto& c : storages) labels.push_back(c["label"]);
  EXPECT_EQ(labels, (std::vector<std::string>{"lake"})) << storages.dump(2);
  const Json workspaces = call("textDocument/completion", at("models.sched", "analytics  cluster", 0))["result"];
  labels.clear();
  for (const auto& c : workspaces) labels.push_back(c["label"]);
  EXPECT_EQ(labels, (std::vector<std::string>{"analytics"})) << workspaces.dump(2);
}

}  // namespace
}  // namespace schedc::cli::lsp

namespace schedc::cli::lsp {
namespace {

TEST_F(LspSession, HoverOnCronAndZone) {
  initialize();
  const Json cron = call("textDocument/hover", at("models.sched", "0 6 * * *", 2))["result"];
  ASSERT_TRUE(cron.is_object()) << cron.dump();
  EXPECT_EQ(cron["contents"]["value"], "**cron** `0 6 * * *`: at 06:00, every day");
  const Json zone = call("textDocument/hover", at("models.sched", "Europe/Amsterdam", 3))["result"];
  ASSERT_TRUE(zone.is_object()) << zone.dump();
  const std::string md = zone["contents"]["value"];
  EXPECT_NE(md.find("`W. Europe Standard Time`"), std::string::npos) << md;
  // At the server's "now" (2026-03-28T00:00:00Z, an initialization option): the offset in use and the next two
  // changes, in local time and UTC, from the tz database.
  EXPECT_NE(md.find("- at 2026-03-28 00:00 UTC: UTC+01:00 (CET)\n"), std::string::npos) << md;
  EXPECT_NE(md.find("  - 2026-03-29 02:00 local becomes 2026-03-29 03:00 (2026-03-29 01:00 UTC): UTC+02:00 (CEST)\n"),
            std::string::npos) << md;
  EXPECT_NE(md.find("  - 2026-10-25 03:00 local becomes 2026-10-25 02:00 (2026-10-25 01:00 UTC): UTC+01:00 (CET)\n"),
            std::string::npos) << md;
  // A zone without changes says so.
  const Json utc = call("textDocument/hover", at("models.sched", "\"UTC\"", 1))["result"];
  ASSERT_TRUE(utc.is_object()) << utc.dump();
  EXPECT_NE(utc["contents"]["value"].get<std::string>().find("UTC+00:00"), std::string::npos) << utc.dump();
  EXPECT_NE(utc["contents"]["value"].get<std::string>().find("no change of offset ahead"), std::string::npos) << utc.dump();
}

// Zone names inside the string after a schedule's `in`: the tz database's names with that prefix (case aside), in
// sorted order, each replacing the prefix written (which holds `/`); nothing in other strings.
TEST(LspCompletion, ZoneNamesAfterIn) {
  const std::string text = "model m {\n  schedule = cron \"0 6 * * *\" in \"europe/Ams|\n}\n";
  const auto bar = text.find('|');
  std::string clean = text;
  clean.erase(bar, 1);
  const auto items = complete(clean, static_cast<std::uint32_t>(bar), nullptr);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].label, "Europe/Amsterdam");
  ASSERT_TRUE(items[0].replace_from.has_value());
  EXPECT_EQ(*items[0].replace_from, clean.find("europe/Ams"));
  const auto america = labels_at("model m {\n  schedule = cron \"0 6 * * *\" in \"America/New_|");
  EXPECT_TRUE(has(america, "America/New_York")) << ::testing::PrintToString(america);
  EXPECT_TRUE(std::is_sorted(america.begin(), america.end()));
  const auto all = labels_at("model m {\n  schedule = cron \"0 6 * * *\" in \"|");
  EXPECT_TRUE(has(all, "UTC") && has(all, "Asia/Kolkata") && all.size() > 300) << all.size();
  EXPECT_TRUE(labels_at("model m {\n  schedule = cron \"0 6 * * *\" in \"Nowhere/|").empty());
  EXPECT_TRUE(labels_at("model m {\n  notebook = \"Europe/|").empty());
}

TEST_F(LspSession, ZoneCompletionEditsTheWrittenPrefix) {
  initialize();
  std::string text = kModels;
  text.replace(text.find("\"Europe/Amsterdam\""), 18, "\"Europe/Amst");
  notify("textDocument/didOpen", {{"textDocument", {{"uri", uri("models.sched")}, {"languageId", "sched"}, {"version", 1}, {"text", text}}}});
  const auto at_offset = text.find("Europe/Amst") + 11;
  const Position pos = LineIndex(text).position(static_cast<std::uint32_t>(at_offset), Encoding::Utf16);
  const Json items = call("textDocument/completion", {{"textDocument", {{"uri", uri("models.sched")}}},
                                                      {"position", {{"line", pos.line}, {"character", pos.character}}}})["result"];
  ASSERT_EQ(items.size(), 1u) << items.dump(2);
  EXPECT_EQ(items[0]["label"], "Europe/Amsterdam");
  const Position from = LineIndex(text).position(static_cast<std::uint32_t>(text.find("Europe/Amst")), Encoding::Utf16);
  EXPECT_EQ(items[0]["textEdit"]["range"]["start"], (Json{{"line", from.line}, {"character", from.character}}));
  EXPECT_EQ(items[0]["textEdit"]["range"]["end"], (Json{{"line", pos.line}, {"character", pos.character}}));
  EXPECT_EQ(items[0]["textEdit"]["newText"], "Europe/Amsterdam");
}

}  // namespace
}  // namespace schedc::cli::lsp

namespace schedc::cli::lsp {
namespace {

TEST_F(LspSession, QuickFixesApplyDidYouMean) {
  initialize();
  std::string text = kModels;
  text.replace(text.find("in lake"), 7, "in laek");
  notify("textDocument/didOpen", {{"textDocument", {{"uri", uri("models.sched")}, {"languageId", "sched"}, {"version", 1}, {"text", text}}}});
  const Json diags = diagnostics_of(uri("models.sched"));
  ASSERT_EQ(diags.size(), 1u);
  const Json actions = call("textDocument/codeAction", {{"textDocument", {{"uri", uri("models.sched")}}},
                                                        {"range", diags[0]["range"]},
                                                        {"context", {{"diagnostics", diags}}}})["result"];
  ASSERT_EQ(actions.size(), 1u) << actions.dump(2);
  EXPECT_EQ(actions[0]["kind"], "quickfix");
  const Json edits = actions[0]["edit"]["changes"][uri("models.sched")];
  ASSERT_EQ(edits.size(), 1u);
  // Applying the edit gives back the file that compiles.
  const LineIndex lines(text);
  auto offset = [&](const Json& pos) {
    return lines.offset(Position{pos["line"].get<std::uint32_t>(), pos["character"].get<std::uint32_t>()}, Encoding::Utf16);
  };
  const auto b = offset(edits[0]["range"]["start"]), e = offset(edits[0]["range"]["end"]);
  text.replace(b, e - b, edits[0]["newText"].get<std::string>());
  EXPECT_EQ(text, kModels);
  // No fix where nothing is suggested.
  EXPECT_TRUE(call("textDocument/codeAction", {{"textDocument", {{"uri", uri("platform.sched")}}},
                                               {"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 9}, {"character", 0}}}}},
                                               {"context", {{"diagnostics", Json::array()}}}})["result"].empty());
}

}  // namespace
}  // namespace schedc::cli::lsp

namespace schedc::cli::lsp {
namespace {

// Files in memory, and the stdlib from disk: what a compilation with a parse cache reads.
class MemoryFiles : public FileSystemLoader {
 public:
  MemoryFiles() : FileSystemLoader(std::string(SCHEDC_SOURCE_DIR) + "/stdlib") {}
  std::map<std::string, std::string> files;
  FileRead load(const std::string& path, std::uint64_t limit) override {
    auto it = files.find(path);
    if (it == files.end()) return FileSystemLoader::load(path, limit);
    FileRead r;
    r.status = FileRead::Status::Ok;
    r.text = it->second;
    return r;
  }
  std::string identity(const std::string& path) override { return files.count(path) ? path : FileSystemLoader::identity(path); }
};

std::vector<std::string> rendered(const CompileResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics.all())
    out.push_back(fmt::format("{} {}:{}-{} {} | {}", d.code, d.primary.file, d.primary.begin, d.primary.end, d.message,
                              d.help.value_or("")));
  return out;
}

// A compilation with the trees the previous one kept parses only the changed file, and reports exactly what a
// compilation without them reports (symbols too), edit after edit, syntax errors included.
TEST(ParseCache, ReusesUnchangedTreesAndGivesTheColdResult) {
  MemoryFiles files;
  files.files["platform.sched"] = kPlatform;
  files.files["models.sched"] = kModels;
  const CompileInput in({"platform.sched", "models.sched"}, std::string(SCHEDC_SOURCE_DIR) + "/stdlib");
  ParseCache cache;
  CompileInput cached = in;
  cached.parse_cache = &cache;
  cached.keep_symbols = true;
  std::string models = kModels;
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"in lake", "in laek"}, {"in laek", "in lake"}, {"timeout = 1h\n}", "timeout = 1h\n"}, {"timeout = 1h\n", "timeout = 1h\n}"},
      {"model down", "model down2"}, {"0 6 * * *", "0 6 * * MON"}};
  (void)compile(cached, files);  // every file parsed, and kept
  EXPECT_EQ(cache.parsed(), 3u);
  EXPECT_EQ(cache.reused(), 0u);
  std::size_t step = 0;
  for (const auto& [from, to] : edits) {
    ++step;
    models.replace(models.find(from), from.size(), to);
    files.files["models.sched"] = models;
    CompileInput cold_in = in;
    cold_in.keep_symbols = true;
    const CompileResult cold = compile(cold_in, files);
    const CompileResult warm = compile(cached, files);
    EXPECT_EQ(rendered(warm), rendered(cold)) << "edit " << step;
    // platform.sched and the stdlib module from the cache; models.sched parsed again.
    EXPECT_EQ(cache.parsed(), 1u) << "edit " << step;
    EXPECT_EQ(cache.reused(), 2u) << "edit " << step;
    ASSERT_EQ(warm.symbols == nullptr, cold.symbols == nullptr) << "edit " << step;
    if (!warm.symbols) continue;
    for (const std::string name : {"up", "down2", "analytics", "lake"}) {
      for (std::size_t k = 0; k < lower::kSymbolKinds; ++k) {
        const auto* a = warm.symbols->symbols.find(static_cast<lower::SymbolKind>(k), name);
        const auto* b = cold.symbols->symbols.find(static_cast<lower::SymbolKind>(k), name);
        ASSERT_EQ(a == nullptr, b == nullptr) << name;
        if (a) {
          EXPECT_EQ(a->name_span().begin, b->name_span().begin) << name;
        }
      }
    }
  }
  // Nothing changed: nothing parsed. A file that leaves the compilation leaves the cache.
  (void)compile(cached, files);
  EXPECT_EQ(cache.parsed(), 0u);
  EXPECT_EQ(cache.reused(), 3u);
  files.files["models.sched"] = "environment e {}\n";
  (void)compile(cached, files);  // no `use std.clusters` any more
  files.files["models.sched"] = models;
  (void)compile(cached, files);
  // The stdlib module takes the id after models.sched again, so platform.sched's moves back: its kept tree (with
  // the other id in its spans) is not taken, and all three are parsed.
  EXPECT_EQ(cache.parsed(), 3u);
  EXPECT_EQ(cache.reused(), 0u);
}

// The server after a sequence of edits publishes what a server that opens the final text publishes.
TEST_F(LspSession, DiagnosticsAfterEditsEqualAFreshCompile) {
  initialize();
  std::string text = kModels;
  notify("textDocument/didOpen", {{"textDocument", {{"uri", uri("models.sched")}, {"languageId", "sched"}, {"version", 1}, {"text", text}}}});
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"in lake", "in laek"}, {"model up {", "model up "}, {"model up ", "model up {"}, {"cron \"0 1 * * *\"", "cron \"0 1 * * * *\""}};
  long long version = 1;
  for (const auto& [from, to] : edits) {
    text.replace(text.find(from), from.size(), to);
    notify("textDocument/didChange", {{"textDocument", {{"uri", uri("models.sched")}, {"version", ++version}}},
                                      {"contentChanges", {{{"text", text}}}}});
    ServerOptions options;
    options.stdlib_dir = std::string(SCHEDC_SOURCE_DIR) + "/stdlib";
    Server fresh(options);
    fresh.handle(Json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                      {"params", {{"capabilities", Json::object()}, {"rootUri", uri_of_path(dir.generic_string())}}}});
    fresh.handle(Json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                      {"params", {{"textDocument", {{"uri", uri("models.sched")}, {"languageId", "sched"}, {"version", 1}, {"text", text}}}}}});
    Json expected;
    for (const auto& m : fresh.idle())
      if (m["params"]["uri"] == uri("models.sched")) expected = m["params"]["diagnostics"];
    ASSERT_TRUE(expected.is_array()) << from;
    EXPECT_FALSE(expected.empty()) << from;
    EXPECT_EQ(diagnostics_of(uri("models.sched")), expected) << from;
  }
}

// The schedule results kept between compilations (compiler/analysis/memo.hpp): after edits of schedules, the
// diagnostics published are those of a compilation that computes every schedule afresh.
TEST_F(LspSession, ScheduleMemosGiveTheColdResult) {
  initialize();
  std::string text = kModels;
  notify("textDocument/didOpen", {{"textDocument", {{"uri", uri("models.sched")}, {"languageId", "sched"}, {"version", 1}, {"text", text}}}});
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"\"0 6 * * *\"", "\"30 2 * * *\""},                 // in the hour Amsterdam skips in spring
      {"\"Europe/Amsterdam\"", "\"America/New_York\""},    // the same cron, another zone
      {"\"30 2 * * *\"", "\"0 6 * * *\""},
      {"\"America/New_York\"", "\"Europe/Amsterdam\""}};  // back to the first text
  long long version = 1;
  for (const auto& [from, to] : edits) {
    text.replace(text.find(from), from.size(), to);
    notify("textDocument/didChange", {{"textDocument", {{"uri", uri("models.sched")}, {"version", ++version}}},
                                      {"contentChanges", {{{"text", text}}}}});
    analysis::clear_schedule_memos();
    ServerOptions options;
    options.stdlib_dir = std::string(SCHEDC_SOURCE_DIR) + "/stdlib";
    Server cold(options);
    cold.handle(Json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                     {"params", {{"capabilities", Json::object()}, {"rootUri", uri_of_path(dir.generic_string())}}}});
    cold.handle(Json{{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
                     {"params", {{"textDocument", {{"uri", uri("models.sched")}, {"languageId", "sched"}, {"version", 1}, {"text", text}}}}}});
    Json expected = Json::array();
    for (const auto& m : cold.idle())
      if (m["params"]["uri"] == uri("models.sched")) expected = m["params"]["diagnostics"];
    const Json got = diagnostics_of(uri("models.sched"));
    EXPECT_EQ(got.is_null() ? Json::array() : got, expected) << to;
  }
}

}  // namespace
}  // namespace schedc::cli::lsp

namespace schedc::cli::lsp {
namespace {

// Formatting gives what `schedc fmt` writes (compiler/format/), as one edit of the whole open document; nothing for
// a formatted document or one with a syntax error.
TEST_F(LspSession, FormattingIsFmt) {
  const Json init = initialize();
  EXPECT_EQ(init["result"]["capabilities"]["documentFormattingProvider"], true);
  std::string messy = kModels;
  messy.replace(messy.find("model up {"), 10, "model   up    {");
  messy.replace(messy.find("  owner"), 7, "        owner");
  const format::Result expected = format::format_source(messy);
  ASSERT_TRUE(expected.ok);
  ASSERT_NE(expected.text, messy);
  notify("textDocument/didOpen", {{"textDocument", {{"uri", uri("models.sched")}, {"languageId", "sched"}, {"version", 1}, {"text", messy}}}});
  const Json params{{"textDocument", {{"uri", uri("models.sched")}}}, {"options", {{"tabSize", 2}, {"insertSpaces", true}}}};
  const Json edits = call("textDocument/formatting", params)["result"];
  ASSERT_EQ(edits.size(), 1u) << edits.dump(2);
  EXPECT_EQ(edits[0]["range"]["start"], (Json{{"line", 0}, {"character", 0}}));
  const Position end = LineIndex(messy).position(static_cast<std::uint32_t>(messy.size()), Encoding::Utf16);
  EXPECT_EQ(edits[0]["range"]["end"], (Json{{"line", end.line}, {"character", end.character}}));
  EXPECT_EQ(edits[0]["newText"], expected.text);
  // Applied: formatted, so no more edits.
  notify("textDocument/didChange", {{"textDocument", {{"uri", uri("models.sched")}, {"version", 2}}},
                                    {"contentChanges", {{{"text", expected.text}}}}});
  EXPECT_EQ(call("textDocument/formatting", params)["result"], Json::array());
  // A syntax error: no edits, and the server goes on.
  notify("textDocument/didChange", {{"textDocument", {{"uri", uri("models.sched")}, {"version", 3}}},
                                    {"contentChanges", {{{"text", "model   up {\n  owner = \n"}}}}});
  EXPECT_EQ(call("textDocument/formatting", params)["result"], Json::array());
  // A file of the workspace that is not open: formatted from disk (platform.sched is formatted already).
  const Json platform = call("textDocument/formatting", {{"textDocument", {{"uri", uri("platform.sched")}}}, {"options", Json::object()}});
  EXPECT_TRUE(platform["result"].is_array()) << platform.dump();
  EXPECT_EQ(call("textDocument/formatting", Json::object())["error"]["code"], -32602);
}

}  // namespace
}  // namespace schedc::cli::lsp

namespace schedc::cli::lsp {
namespace {

// Allowed warnings are not shown, as `check` does not print them: a comment's allowance and the project's.
TEST_F(LspSession, AllowedWarningsAreNotPublished) {
  initialize();
  // 02:30 in Amsterdam: a DST warning on the night the clocks go forward.
  std::string text = kModels;
  text.replace(text.find("0 6 * * *"), 9, "30 2 * * *");
  notify("textDocument/didOpen", {{"textDocument", {{"uri", uri("models.sched")}, {"languageId", "sched"}, {"version", 1}, {"text", text}}}});
  Json diags = diagnostics_of(uri("models.sched"));
  ASSERT_TRUE(diags.is_array());
  ASSERT_FALSE(diags.empty());
  std::set<std::string> codes;
  for (const auto& d : diags) {
    EXPECT_EQ(d["severity"], 2) << d.dump(2);  // warnings only
    codes.insert(d["code"].get<std::string>());
  }
  std::string list;
  for (const auto& c : codes) list += (list.empty() ? "" : ", ") + c;

  // A comment's allowance before the schedule: nothing left to show.
  std::string allowed = text;
  allowed.replace(allowed.find("  schedule = cron \"30 2"), 0, "  # schedc allow " + list + ": the team wants the 02:30 run\n");
  notify("textDocument/didChange", {{"textDocument", {{"uri", uri("models.sched")}, {"version", 2}}},
                                    {"contentChanges", {{{"text", allowed}}}}});
  diags = diagnostics_of(uri("models.sched"));
  ASSERT_TRUE(diags.is_array());
  EXPECT_TRUE(diags.empty()) << diags.dump(2);

  // Without it the warnings are back; the project's allowance (in the other file, unsaved) hides them again.
  const std::size_t warnings = codes.size();
  notify("textDocument/didChange", {{"textDocument", {{"uri", uri("models.sched")}, {"version", 3}}},
                                    {"contentChanges", {{{"text", text}}}}});
  diags = diagnostics_of(uri("models.sched"));
  ASSERT_TRUE(diags.is_array());
  EXPECT_GE(diags.size(), warnings);
  std::string platform = kPlatform;
  std::string allow = "  allow {";
  for (const auto& c : codes) allow += " " + c + " = \"the team wants the 02:30 run\"";
  platform.replace(platform.find("project { git_environment = dd }"), 32, "project {\n  git_environment = dd\n" + allow + " }\n}");
  notify("textDocument/didOpen", {{"textDocument", {{"uri", uri("platform.sched")}, {"languageId", "sched"}, {"version", 1}, {"text", platform}}}});
  diags = diagnostics_of(uri("models.sched"));
  ASSERT_TRUE(diags.is_array());
  EXPECT_TRUE(diags.empty()) << diags.dump(2);
  const Json platform_diags = diagnostics_of(uri("platform.sched"));
  EXPECT_TRUE(platform_diags.is_null() || platform_diags.empty()) << platform_diags.dump(2);
}

}  // namespace
}  // namespace schedc::cli::lsp

namespace schedc::cli::lsp {
namespace {

// A server on folders of the golden cases (read, never written), initialized with `options`; every message it sent.
struct GoldenServer {
  Server server;
  std::vector<Json> sent;
  GoldenServer(const std::vector<std::string>& folders, Json options) : server(ServerOptions{std::string(SCHEDC_SOURCE_DIR) + "/stdlib", {}, {}, {}, {}}) {
    Json list = Json::array();
    for (const auto& f : folders) list.push_back({{"uri", uri_of_path(std::string(SCHEDC_SOURCE_DIR) + "/tests/golden/" + f)}, {"name", f}});
    take(server.handle(Json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"},
                            {"params", {{"capabilities", Json::object()}, {"workspaceFolders", list}, {"initializationOptions", std::move(options)}}}}));
    take(server.idle());
  }
  void take(std::vector<Json> messages) { sent.insert(sent.end(), messages.begin(), messages.end()); }
  // The codes last published for the file whose URI ends with `suffix`, and the URIs of their related locations.
  std::pair<std::set<std::string>, std::set<std::string>> published(const std::string& suffix) const {
    Json last;
    for (const auto& m : sent)
      if (m.value("method", "") == "textDocument/publishDiagnostics") {
        const std::string u = m["params"]["uri"];
        if (u.size() >= suffix.size() && u.compare(u.size() - suffix.size(), suffix.size(), suffix) == 0) last = m["params"]["diagnostics"];
      }
    std::set<std::string> codes, related;
    if (last.is_array())
      for (const auto& d : last) {
        codes.insert(d["code"].get<std::string>());
        if (d.contains("relatedInformation"))
          for (const auto& r : d["relatedInformation"]) related.insert(r["location"]["uri"].get<std::string>());
      }
    return {codes, related};
  }
};

// `index` as `check --index`: the organisation index's models join the checks, and the setting can change it.
TEST(LspCheckedWith, TheOrganisationIndex) {
  const std::string index = std::string(SCHEDC_SOURCE_DIR) + "/tests/golden/index/release/expected/out/index.json";
  GoldenServer s({"index/collision/input/platform", "index/collision/input/sales"}, {{"index", index}});
  auto [codes, related] = s.published("/sales/models.sched");
  EXPECT_TRUE(codes.count("SCH4001")) << ::testing::PrintToString(codes);
  EXPECT_TRUE(related.count(uri_of_path(index))) << ::testing::PrintToString(related);
  // Without the index (the setting emptied): none of its checks.
  s.take(s.server.handle(Json{{"jsonrpc", "2.0"}, {"method", "workspace/didChangeConfiguration"},
                              {"params", {{"settings", {{"schedc", {{"index", ""}}}}}}}}));
  s.take(s.server.idle());
  codes = s.published("/sales/models.sched").first;
  EXPECT_FALSE(codes.count("SCH4001")) << ::testing::PrintToString(codes);
}

// `adf` as `check --adf DIR`, relative to the first folder: hand-written entities checked against the generated ones.
TEST(LspCheckedWith, HandWrittenAdfContent) {
  GoldenServer without({"errors/sch4006_adf_entity_collision/input"}, Json::object());
  EXPECT_TRUE(without.published("/PL_Churn_Scoring.json").first.empty());
  GoldenServer with({"errors/sch4006_adf_entity_collision/input"}, {{"adf", {"../adf"}}});
  auto [codes, related] = with.published("/adf/pipeline/PL_Churn_Scoring.json");
  EXPECT_EQ(codes, (std::set<std::string>{"SCH4006"}));
  bool model = false;
  for (const auto& r : related) model = model || r.find("churn_scoring.sched") != std::string::npos;
  EXPECT_TRUE(model) << ::testing::PrintToString(related);
}

// In an environment's `arm_parameters`, completion offers the string ARM parameters of the hand-written entities
// (with `adf` set), named as the parameter files name them; not those of other types (an endpoint's `fqdns` array).
TEST(LspCheckedWith, ArmParameterNamesOfHandWrittenEntities) {
  GoldenServer s({"arm/handwritten_release/input"}, {{"adf", {"../adf"}}});
  const std::string path = std::string(SCHEDC_SOURCE_DIR) + "/tests/golden/arm/handwritten_release/input/platform.sched";
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const auto at = text.find("    ls_keyvault_properties_typeProperties_baseUrl");
  ASSERT_NE(at, std::string::npos);
  const auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  const auto replies = s.server.handle(Json{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "textDocument/completion"},
                                            {"params", {{"textDocument", {{"uri", uri_of_path(path)}}},
                                                        {"position", {{"line", line}, {"character", 4}}}}}});
  ASSERT_FALSE(replies.empty());
  std::vector<std::string> labels;
  for (const auto& item : replies.back()["result"]) labels.push_back(item["label"]);
  EXPECT_EQ(labels, (std::vector<std::string>{"default_mpe_lake_properties_groupId",
                                              "default_mpe_lake_properties_privateLinkResourceId",
                                              "default_properties_environment_value",
                                              "ls_keyvault_properties_typeProperties_baseUrl",
                                              "tr_sales_landed_properties_typeProperties_scope"}))
      << replies.back().dump(2);

  // Hover on a name there: whose parameter it is, and its value in each environment; definition: the entity.
  const Json position = {{"textDocument", {{"uri", uri_of_path(path)}}}, {"position", {{"line", line}, {"character", 10}}}};
  const auto hover = s.server.handle(Json{{"jsonrpc", "2.0"}, {"id", 3}, {"method", "textDocument/hover"}, {"params", position}});
  ASSERT_FALSE(hover.empty());
  const std::string md = hover.back()["result"]["contents"]["value"];
  EXPECT_NE(md.find("**ARM parameter** `ls_keyvault_properties_typeProperties_baseUrl`"), std::string::npos) << md;
  EXPECT_NE(md.find("of linkedService `ls_keyvault`"), std::string::npos) << md;
  EXPECT_NE(md.find("property `/typeProperties/baseUrl` (string)"), std::string::npos) << md;
  EXPECT_NE(md.find("- dd (the git environment): `https://kv-sales-dd.vault.azure.net/` (the file's)"), std::string::npos) << md;
  EXPECT_NE(md.find("- prod: `https://kv-sales-prod.vault.azure.net/`"), std::string::npos) << md;
  const auto definition =
      s.server.handle(Json{{"jsonrpc", "2.0"}, {"id", 4}, {"method", "textDocument/definition"}, {"params", position}});
  ASSERT_FALSE(definition.empty());
  const Json& locations = definition.back()["result"];
  ASSERT_EQ(locations.size(), 1u) << locations.dump(2);
  EXPECT_NE(locations[0]["uri"].get<std::string>().find("/adf/linkedService/ls_keyvault.json"), std::string::npos)
      << locations.dump(2);
  EXPECT_EQ(locations[0]["range"]["start"]["line"], 1);  // its "name" line
}

}  // namespace
}  // namespace schedc::cli::lsp

namespace schedc::cli::lsp {
namespace {

// Definition and references between repos (each workspace folder a repo, as --repo): an upstream model declared in
// another repo, and its uses from there.
TEST(LspRepos, DefinitionAndReferencesAcrossRepos) {
  const std::string root = std::string(SCHEDC_SOURCE_DIR) + "/tests/golden/repos/allowance_two_repos/input/";
  GoldenServer s({"repos/allowance_two_repos/input/platform", "repos/allowance_two_repos/input/london",
                  "repos/allowance_two_repos/input/newyork"},
                 Json::object());
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  auto position = [](const std::string& text, const std::string& needle, std::size_t delta) {
    const auto at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << needle;
    const Position p = LineIndex(text).position(static_cast<std::uint32_t>(at + delta), Encoding::Utf16);
    return Json{{"line", p.line}, {"character", p.character}};
  };
  const std::string user = root + "newyork/churn_scoring_us.sched", upstream = root + "london/customer_features.sched";
  const std::string user_text = read(user), upstream_text = read(upstream);
  auto answer = [&](const std::string& method, const std::string& file, Json pos) {
    Json request{{"jsonrpc", "2.0"}, {"id", 9}, {"method", method},
                 {"params", {{"textDocument", {{"uri", uri_of_path(file)}}}, {"position", std::move(pos)}, {"context", {{"includeDeclaration", true}}}}}};
    for (auto& m : s.server.handle(request))
      if (m.contains("id") && m["id"] == 9) return m["result"];
    return Json();
  };
  const Json def = answer("textDocument/definition", user, position(user_text, "model customer_features", 8));
  ASSERT_TRUE(def.is_array() && def.size() == 1) << def.dump(2);
  EXPECT_EQ(def[0]["uri"], uri_of_path(upstream));
  EXPECT_EQ(def[0]["range"]["start"], position(upstream_text, "customer_features {", 0));
  const Json refs = answer("textDocument/references", upstream, position(upstream_text, "customer_features {", 2));
  ASSERT_TRUE(refs.is_array()) << refs.dump(2);
  std::set<std::string> uris;
  for (const auto& r : refs) uris.insert(r["uri"].get<std::string>());
  EXPECT_EQ(uris, (std::set<std::string>{uri_of_path(upstream), uri_of_path(user)})) << refs.dump(2);
}

}  // namespace
}  // namespace schedc::cli::lsp
