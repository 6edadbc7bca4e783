// Schema validation of hand-written ADF content (`--adf-schemas`, compiler/adf_input/schema.hpp): valid entities of
// every kind pass, problems are located and precise, the schema folder is read safely, hostile entities neither
// crash nor hang, and `check` says once when the validation was skipped. The Data Factory schema is Microsoft's data,
// not in this repository: these tests read it from the shared folder beside the checkout (SCHEDC_SHARED_DIR or
// ../shared) and are skipped, loudly, without it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "tests/unit/adf_case.hpp"
#include "tests/unit/cli_runner.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

const fs::path kRoot = SCHEDC_SOURCE_DIR;

fs::path shared_schemas() {
  const char* env = std::getenv("SCHEDC_SHARED_DIR");
  return (env && *env ? fs::path(env) : kRoot.parent_path() / "shared") / "schemas" / "arm";
}

// need_schemas() skips (or fails, under CI) from a helper, which returns only from the helper: the test returns too.
#define NEED_SCHEMAS()                        \
  do {                                        \
    need_schemas();                           \
    if (IsSkipped() || HasFatalFailure()) return; \
  } while (0)

class AdfSchema : public schedc::testing::HandwrittenMergedTest {
 protected:
  void need_schemas() {
    if (fs::exists(shared_schemas() / "2018-06-01" / "Microsoft.DataFactory.json")) return;
    const char* ci = std::getenv("CI");  // under CI the schema tests must run, as tests/schema/common.mjs says
    if (ci && std::string_view(ci) == "true") FAIL() << "the Data Factory schemas are absent (CI=true)";
    GTEST_SKIP() << "SKIPPED: the Data Factory schemas (" << shared_schemas().string() << ") are absent";
  }
  schedc::testing::CliRun check(std::vector<std::string> extra) {
    std::vector<std::string> args = {"check", (dir / "src").string(), "--adf", (dir / "studio").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return schedc::testing::schedc_run(args);
  }
};

TEST_F(AdfSchema, EveryKindValidatesAndTheSkipIsSaidOnce) {
  auto r = check({});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("note: the hand-written ADF content was not validated against the Data Factory schema"));
  NEED_SCHEMAS();
  r = check({"--adf-schemas", shared_schemas().string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, Not(HasSubstr("not validated")));
}

TEST_F(AdfSchema, ProblemsAreLocatedInEveryFormat) {
  NEED_SCHEMAS();
  // A wrong type deep in a nested activity, in a file written by hand.
  schedc::testing::write_file(dir / "studio" / "pipeline" / "pl_wait.json",
                              "{\n\t\"name\": \"pl_wait\",\n\t\"properties\": {\n\t\t\"activities\": [\n\t\t\t{\n"
                              "\t\t\t\t\"name\": \"w\",\n\t\t\t\t\"type\": \"Until\",\n\t\t\t\t\"typeProperties\": {\n"
                              "\t\t\t\t\t\"expression\": {\"value\": \"@true\", \"type\": \"Expression\"},\n"
                              "\t\t\t\t\t\"activities\": [{\"name\": \"x\", \"type\": \"ForEach\", \"typeProperties\": "
                              "{\"items\": [], \"activities\": [],\n\t\t\t\t\t\t\"isSequential\": \"yes\"}}]\n\t\t\t\t}\n"
                              "\t\t\t}\n\t\t]\n\t}\n}");
  auto r = check({"--adf-schemas", shared_schemas().string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("pipeline/pl_wait.json:11:23"));
  EXPECT_THAT(r.err, HasSubstr("error[SCH9012]"));
  r = check({"--adf-schemas", shared_schemas().string(), "--diagnostics-format", "sarif"});
  EXPECT_THAT(r.out, HasSubstr("\"ruleId\": \"SCH9012\""));
  EXPECT_THAT(r.out, HasSubstr("\"startLine\": 11"));
}

TEST_F(AdfSchema, CaseAndExpressionsAreNotStricterThanAdf) {
  NEED_SCHEMAS();
  // `dataflow` (Studio's and Microsoft's documentation's spelling) for the schema's `dataFlow`, a lower-case
  // parameter type, and an expression where an integer is declared.
  schedc::testing::write_file(dir / "studio" / "pipeline" / "pl_loose.json",
                              R"J({"name": "pl_loose", "properties": {"parameters": {"n": {"type": "int"}},
"activities": [{"name": "each", "type": "ForEach", "typeProperties": {"items": {"value": "@createArray(1)", "type": "Expression"},
"batchCount": {"value": "@pipeline().parameters.n", "type": "Expression"}, "activities": [
{"name": "flow", "type": "ExecuteDataFlow", "typeProperties": {"dataflow": {"referenceName": "df_clean_sales", "type": "DataFlowReference"}}}]}}]}})J");
  auto r = check({"--adf-schemas", shared_schemas().string()});
  EXPECT_EQ(r.code, 0) << r.err;
}

TEST_F(AdfSchema, HostileEntitiesAreBoundedAndLocated) {
  NEED_SCHEMAS();
  // A 4 MiB string where the schema has a pattern, and an activity list 120 levels deep.
  std::string deep = "{\"name\": \"w\", \"type\": \"Wait\", \"typeProperties\": {\"waitTimeInSeconds\": 1}}";
  for (int i = 0; i < 25; ++i)
    deep = "{\"name\": \"u" + std::to_string(i) + "\", \"type\": \"Until\", \"typeProperties\": {\"expression\": "
           "{\"value\": \"@true\", \"type\": \"Expression\"}, \"activities\": [" + deep + "]}}";
  schedc::testing::write_file(dir / "studio" / "pipeline" / "pl_deep.json",
                              "{\"name\": \"pl_deep\", \"properties\": {\"activities\": [" + deep + "]}}");
  schedc::testing::write_file(dir / "studio" / "pipeline" / "pl_huge.json",
                              "{\"name\": \"pl_huge\", \"properties\": {\"activities\": [{\"name\": \"w\", \"type\": \"Wait\", "
                              "\"policy\": {\"timeout\": \"" + std::string(4u << 20, '9') + "\"}, \"typeProperties\": "
                              "{\"waitTimeInSeconds\": 1}}]}}");
  auto r = check({"--adf-schemas", shared_schemas().string()});
  EXPECT_EQ(r.code, 0) << r.err.substr(0, 2000);
  // 20,000 activities of unknown types: every error is found, the did-you-mean is worked out only for those shown.
  std::string many = "{\"name\": \"pl_many\", \"properties\": {\"activities\": [";
  for (int i = 0; i < 20000; ++i)
    many += (i ? "," : "") + std::string("{\"name\": \"a") + std::to_string(i) + "\", \"type\": \"DatabricksNotebok" +
            std::to_string(i) + "\"}";
  schedc::testing::write_file(dir / "studio" / "pipeline" / "pl_many.json", many + "]}}");
  r = check({"--adf-schemas", shared_schemas().string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("unknown activity type `DatabricksNotebok0`"));
  EXPECT_THAT(r.err, HasSubstr("19990 more problems of this file not shown"));
  fs::remove(dir / "studio" / "pipeline" / "pl_many.json");
  // A long wrong value is shown cut at a character boundary (the JSON rendering stays valid UTF-8).
  schedc::testing::write_file(dir / "studio" / "pipeline" / "pl_long.json",
                              "{\"name\": \"pl_long\", \"properties\": {\"activities\": [{\"name\": \"e\", \"type\": "
                              "\"ForEach\", \"typeProperties\": {\"items\": [], \"activities\": [], \"isSequential\": \"" +
                                  std::string(59, 'a') + "\u00e9\u00e9\u00e9\"}}]}}");
  r = check({"--adf-schemas", shared_schemas().string(), "--diagnostics-format", "json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr("found the string \\\"" + std::string(59, 'a') + "...\\\""));
}

TEST_F(AdfSchema, TheSchemaFolderIsReadSafely) {
  // No symbolic link below DIR is followed; a missing file and invalid JSON are SCH9013, the latter located.
  const fs::path schemas = dir / "schemas";
  fs::create_directories(schemas / "2018-06-01");
  fs::create_directories(schemas / "common");
  schedc::testing::write_file(dir / "elsewhere.json", "{\"definitions\": {}}");
  fs::create_symlink(dir / "elsewhere.json", schemas / "2018-06-01" / "Microsoft.DataFactory.json");
  schedc::testing::write_file(schemas / "common" / "definitions.json", "{}");
  auto r = check({"--adf-schemas", schemas.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[SCH9013]"));
  EXPECT_THAT(r.err, HasSubstr("is a symbolic link (not followed)"));
  fs::remove(schemas / "2018-06-01" / "Microsoft.DataFactory.json");
  r = check({"--adf-schemas", schemas.string()});
  EXPECT_THAT(r.err, HasSubstr("`2018-06-01/Microsoft.DataFactory.json` is not there"));
  schedc::testing::write_file(schemas / "2018-06-01" / "Microsoft.DataFactory.json", "{\n  \"definitions\": {,}\n}");
  r = check({"--adf-schemas", schemas.string()});
  EXPECT_THAT(r.err, HasSubstr("2018-06-01/Microsoft.DataFactory.json:2:19"));
  // A schema whose $ref leaves the two files is refused, never fetched.
  schedc::testing::write_file(schemas / "2018-06-01" / "Microsoft.DataFactory.json",
                              R"({"definitions": {"Pipeline": {"$ref": "https://example.com/evil.json#"}, "Dataset": {}, "LinkedService": {},
"Trigger": {}, "DataFlow": {}, "IntegrationRuntime": {}, "Credential": {}, "ManagedVirtualNetwork": {},
"ManagedPrivateEndpoint": {}, "FactoryProperties": {}}})");
  r = check({"--adf-schemas", schemas.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("the schema cannot be compiled"));
  r = check({"--adf-schemas", (dir / "nowhere").string()});
  EXPECT_EQ(r.code, 2);
}

}  // namespace
