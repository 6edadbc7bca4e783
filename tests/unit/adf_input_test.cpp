// Hand-written ADF content on the command line (`--adf`): what the walk reads and refuses, located diagnostics for
// hostile files, and names in diagnostics.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "tests/unit/adf_case.hpp"
#include "tests/unit/cli_runner.hpp"

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

class AdfInput : public schedc::testing::HandwrittenMergedTest {
 protected:
  schedc::testing::CliRun check(std::vector<std::string> extra) {
    std::vector<std::string> args = {"check", (dir / "src").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return schedc::testing::schedc_run(args);
  }
};

TEST_F(AdfInput, EveryKindOfTheLayoutIsReadAndClean) {
  auto r = check({"--adf", (dir / "studio").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  // A missing reference proves the files were read: break one and it is reported at its place.
  fs::remove(dir / "studio" / "integrationRuntime" / "ir-selfhosted.json");
  r = check({"--adf", (dir / "studio").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("the linkedService `ls_blob_sales` refers to the integrationRuntime `ir-selfhosted`"));
  EXPECT_THAT(r.err, HasSubstr("studio/linkedService/ls_blob_sales.json:"));
}

// The name patterns of the Data Factory resource schema, per kind: an integration runtime has no `_` (ADF refuses
// `ir_selfhosted`), a managed private endpoint no leading `-`, a dataset at most 260 characters.
TEST_F(AdfInput, NamesFollowTheRulesOfTheirKind) {
  const auto write = [&](const std::string& path, const std::string& name, const std::string& properties) {
    schedc::testing::write_file(dir / "studio" / path,
                                "{\n\t\"name\": \"" + name + "\",\n\t\"properties\": " + properties + "\n}");
  };
  write("integrationRuntime/ir_bad.json", "ir_bad", "{\"type\": \"SelfHosted\"}");
  write("integrationRuntime/ir--double.json", "ir--double", "{\"type\": \"SelfHosted\"}");
  write("credential/-cred.json", "-cred", "{\"type\": \"ManagedIdentity\"}");
  const std::string long_name = "ds_" + std::string(258, 'x');
  // (a file name of 261 characters is past Linux's 255: the entity in a shorter file is read the same)
  write("dataset/ds_long.json", long_name,
        "{\"type\": \"Json\", \"linkedServiceName\": {\"referenceName\": \"ls_blob_sales\", \"type\": \"LinkedServiceReference\"}}");
  auto r = check({"--adf", (dir / "studio").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("integrationRuntime/ir_bad.json:2:"));
  EXPECT_THAT(r.err, HasSubstr("integrationRuntime/ir--double.json:2:"));
  EXPECT_THAT(r.err, HasSubstr("an integration runtime name has 3-63 letters and digits, in groups joined by single hyphens"));
  EXPECT_THAT(r.err, HasSubstr("credential/-cred.json:2:"));
  EXPECT_THAT(r.err, HasSubstr("a dataset name has at most 260 characters; this one has 261"));
  // The fixture's own names pass: `ir-selfhosted` is a runtime name ADF takes.
  EXPECT_THAT(r.err, Not(HasSubstr("ir-selfhosted.json:2:")));
}

TEST_F(AdfInput, NamedFolderIsNamedInDiagnostics) {
  schedc::testing::write_file(dir / "studio" / "pipeline" / "pl_x.json", "{\"name\": \"pl_y\", \"properties\": {\"activities\": []}}");
  auto r = check({"--adf", "sales=" + (dir / "studio").string(), "--diagnostics-format", "json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr("\"repo\": \"sales\""));
  EXPECT_THAT(r.out, HasSubstr("\"file\": \"pipeline/pl_x.json\""));
  EXPECT_THAT(r.out, HasSubstr("SCH9011"));
}

TEST_F(AdfInput, LinksAreNeverFollowedAndHostileFilesAreLocated) {
  const fs::path secret = dir / "secret.json";
  schedc::testing::write_file(secret, "{\"name\": \"SECRET-CONTENT\"}");
  fs::create_symlink(secret, dir / "studio" / "pipeline" / "pl_link.json");
  ASSERT_EQ(::mkfifo((dir / "studio" / "dataset" / "ds_fifo.json").c_str(), 0600), 0);
  schedc::testing::write_file(dir / "studio" / "trigger" / "tr_deep.json", std::string(100000, '['));
  auto r = check({"--adf", (dir / "studio").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, Not(HasSubstr("SECRET-CONTENT")));
  EXPECT_THAT(r.err, HasSubstr("pl_link.json`: is a symbolic link"));
  EXPECT_THAT(r.err, HasSubstr("ds_fifo.json`: is a FIFO"));
  EXPECT_THAT(r.err, HasSubstr("tr_deep.json:1:129"));  // the bracket that goes too deep
  EXPECT_THAT(r.err, HasSubstr("nested more than 128 levels"));
}

TEST_F(AdfInput, AHugeFileIsNotReadAndIsNamed) {
  // 17 MiB (sparse: the size is checked before anything is read), beside a malformed file and one of an unknown kind.
  const fs::path huge = dir / "studio" / "dataset" / "ds_huge.json";
  schedc::testing::write_file(huge, "{");
  fs::resize_file(huge, 17u << 20);
  schedc::testing::write_file(dir / "studio" / "pipeline" / "pl_cut.json", "{\n\t\"name\": \"pl_cut\",\n\t\"properties\": {");
  fs::create_directories(dir / "studio" / "notebook");
  schedc::testing::write_file(dir / "studio" / "notebook" / "nb.json", "{\"name\": \"nb\"}");
  auto r = check({"--adf", (dir / "studio").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("error[SCH9001]: cannot read the ADF file `"));
  EXPECT_THAT(r.err, HasSubstr("ds_huge.json`: it is larger than 16 MiB"));
  EXPECT_THAT(r.err, HasSubstr("pl_cut.json:3:17"));  // the end of the truncated text
  EXPECT_THAT(r.err, HasSubstr("notebook/nb.json` is not in a folder of ADF's git layout"));
}

TEST_F(AdfInput, ADirectoryThatIsNotOneIsAUsageError) {
  auto r = check({"--adf", (dir / "nowhere").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("is not a directory"));
  fs::create_directory_symlink(dir / "studio", dir / "linked");
  r = check({"--adf", (dir / "linked").string()});
  EXPECT_EQ(r.code, 2);
  r = check({"--adf", "bad name=" + (dir / "studio").string()});
  EXPECT_EQ(r.code, 2);
}

}  // namespace
