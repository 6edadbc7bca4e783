// Unit tests for the symbol tables lowering leaves behind (compiler/lower/symbols.hpp): what a name at a position
// refers to, where it is declared, where it is used, and its resolved value per environment.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "compiler/compile.hpp"
#include "tests/unit/memory_loader.hpp"
#include "tests/unit/sched_sources.hpp"

namespace schedc {
namespace {

using lower::SymbolKind;
using testing::MemoryLoader;

std::string stdlib() { return std::string(SCHEDC_SOURCE_DIR) + "/stdlib"; }

const char* const kPlatform = ::schedc::testing::kTwoEnvironmentPlatform;

const char* kModels = R"(use std.clusters
model up {
  owner = "a@b.co"  notebook = "/n"  workspace = analytics  cluster = clusters.general
  schedule = cron "0 1 * * *" in "UTC"  timeout = 1h
}
model down {
  owner = "a@b.co"  notebook = "/n"  workspace = analytics  cluster = clusters.general
  schedule = cron "0 2 * * *" in "UTC"  timeout = 1h
  requires { file "raw/x/_SUCCESS" in lake check }
}
)";


CompileResult compile_kept(const std::map<std::string, std::string>& files) {
  MemoryLoader loader(stdlib(), files);
  CompileInput input{{"<mem>/models.sched", "<mem>/platform.sched"}, stdlib()};
  input.keep_symbols = true;
  return compile(input, loader);
}

// The FileId of a display path.
FileId file_of(const CompileResult& r, const std::string& path) {
  for (FileId id = 1; id <= r.sources.size(); ++id)
    if (r.sources.file(id).path == path) return id;
  return 0;
}

std::uint32_t offset_of(const CompileResult& r, FileId file, std::string_view needle, std::size_t nth = 0) {
  const std::string_view text = r.sources.file(file).text;
  std::size_t at = text.find(needle);
  for (std::size_t i = 0; i < nth && at != std::string_view::npos; ++i) at = text.find(needle, at + 1);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return static_cast<std::uint32_t>(at);
}

TEST(Symbols, AReferenceLeadsToItsDeclaration) {
  const auto r = compile_kept({{"<mem>/platform.sched", kPlatform}, {"<mem>/models.sched", kModels}});
  ASSERT_FALSE(r.diagnostics.has_errors());
  ASSERT_TRUE(r.symbols);
  const FileId models = file_of(r, "<mem>/models.sched");
  const FileId platform = file_of(r, "<mem>/platform.sched");
  ASSERT_NE(models, 0u);
  ASSERT_NE(platform, 0u);

  // `workspace = analytics` in model `up` -> the workspace declared in platform.sched.
  const auto* ws = r.symbols->symbols.at(models, offset_of(r, models, "analytics") + 2);
  ASSERT_NE(ws, nullptr);
  EXPECT_EQ(ws->kind, SymbolKind::Workspace);
  EXPECT_EQ(ws->qname, "analytics");
  EXPECT_EQ(ws->name_span().file, platform);
  EXPECT_EQ(r.sources.text(ws->name_span()), "analytics");

  // A stdlib profile through `use std.clusters`.
  const auto* profile = r.symbols->symbols.at(models, offset_of(r, models, "clusters.general") + 10);
  ASSERT_NE(profile, nullptr);
  EXPECT_EQ(profile->kind, SymbolKind::ClusterProfile);
  EXPECT_EQ(profile->qname, "clusters.general");
  EXPECT_EQ(profile->unit->module, "clusters");

  // The declaration's own name is found too.
  const auto* lake = r.symbols->symbols.at(platform, offset_of(r, platform, "lake"));
  ASSERT_NE(lake, nullptr);
  EXPECT_EQ(lake->kind, SymbolKind::Storage);
}

TEST(Symbols, ReferencesAreListedPerDeclaration) {
  const auto r = compile_kept({{"<mem>/platform.sched", kPlatform}, {"<mem>/models.sched", kModels}});
  ASSERT_TRUE(r.symbols);
  const auto& symbols = r.symbols->symbols;
  EXPECT_EQ(symbols.references_to(SymbolKind::Workspace, "analytics").size(), 2u);  // both models
  EXPECT_EQ(symbols.references_to(SymbolKind::Storage, "lake").size(), 1u);
  // Both models use the profile; the stdlib's own profiles built `from general` refer to it too.
  const FileId models = file_of(r, "<mem>/models.sched");
  std::size_t from_models = 0, elsewhere = 0;
  for (const auto* ref : symbols.references_to(SymbolKind::ClusterProfile, "clusters.general"))
    ++(ref->span.file == models ? from_models : elsewhere);
  EXPECT_EQ(from_models, 2u);
  EXPECT_GE(elsewhere, 1u);
  EXPECT_TRUE(symbols.references_to(SymbolKind::Model, "up").empty());
  EXPECT_NE(symbols.find(SymbolKind::Model, "down"), nullptr);
  EXPECT_EQ(symbols.find(SymbolKind::Model, "sideways"), nullptr);
  EXPECT_EQ(symbols.table(SymbolKind::Environment).size(), 2u);
}

TEST(Symbols, TheResolvedValuePerEnvironmentIsInTheProject) {
  const auto r = compile_kept({{"<mem>/platform.sched", kPlatform}, {"<mem>/models.sched", kModels}});
  ASSERT_TRUE(r.symbols);
  const auto& ws = r.symbols->project.workspaces;
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].url.get("dd"), "https://adb-1.1.azuredatabricks.net");
  EXPECT_EQ(ws[0].url.get("prod"), "https://adb-2.2.azuredatabricks.net");
}

TEST(Symbols, KeptWhenLoweringReportsErrors) {
  std::string broken = kModels;
  broken.replace(broken.find("in lake"), 7, "in laek");
  const auto r = compile_kept({{"<mem>/platform.sched", kPlatform}, {"<mem>/models.sched", broken}});
  ASSERT_TRUE(r.diagnostics.has_errors());
  EXPECT_FALSE(r.project);
  ASSERT_TRUE(r.symbols);  // an editor still needs the names that did resolve
  EXPECT_EQ(r.symbols->symbols.references_to(SymbolKind::Workspace, "analytics").size(), 2u);
  EXPECT_TRUE(r.symbols->symbols.references_to(SymbolKind::Storage, "lake").empty());
}

TEST(Symbols, NotKeptUnlessAskedFor) {
  MemoryLoader loader(stdlib(), {{"<mem>/platform.sched", kPlatform}, {"<mem>/models.sched", kModels}});
  const auto r = compile(CompileInput{{"<mem>/models.sched", "<mem>/platform.sched"}, stdlib()}, loader);
  EXPECT_FALSE(r.symbols);
  EXPECT_TRUE(r.project);
}

}  // namespace
}  // namespace schedc
