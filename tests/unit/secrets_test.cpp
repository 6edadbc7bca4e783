// Issue 14, finding 14: literal secrets (SCH5001), measured on a corpus. 21 realistic shapes of credentials are
// placed in 8 places of a .sched file; 4 evasions; and ordinary values, in the same 8 places, that must not be
// flagged. The figures are printed (and recorded in docs/diagnostics/SCH5001.md); the test requires every shape
// and evasion found and no ordinary value flagged. The values are fakes of the right shape.
#include <gtest/gtest.h>

#include <iostream>
#include <string>
#include <vector>

#include "compiler/diagnostics.hpp"
#include "compiler/secrets.hpp"
#include "grammar/parser.hpp"

namespace {

struct Sample {
  const char* name;
  std::string value;
};

const std::string kStorageKey =
    "1skb8r9FFcQrQxXLWw2D8fmoF6E2tuYNWnEEZzVjXVug/JyRFjiJil6Fi3P3JhDT8uBtsnbyCJPyj9QdHqMUBA==";

std::vector<Sample> shapes() {
  return {
      {"Databricks personal access token", "dapi0123456789abcdef0123456789abcdef"},
      {"Databricks token with a suffix", "dapi0123456789abcdef0123456789abcdef-3"},
      {"Databricks OAuth secret", "dose0123456789abcdef0123456789abcdef"},
      {"Azure AD client secret (Q~ format)", "Abc8Q~0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1w"},
      {"Azure AD client secret (older format)", "2Bv6Q_U-n1Zt1.x~0rT.2W_8m3_1yX-3"},
      {"Azure AD client secret (base64)", "nYhL7gT1lbqe2r+8p7dKCbSfhYQBxcVnLcmfNk3YXJE="},
      {"storage account key", kStorageKey},
      {"storage connection string",
       "DefaultEndpointsProtocol=https;AccountName=contosolake;AccountKey=" + kStorageKey + ";EndpointSuffix=core.windows.net"},
      {"Service Bus connection string",
       "Endpoint=sb://fraud-eh.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=q1w2e3r4t5y6u7i8o9p0AbCdEfGh="},
      {"SAS in a URL",
       "https://contosoexport.blob.core.windows.net/scores?sv=2022-11-02&ss=b&srt=co&sp=rwl&se=2026-12-31T00:00:00Z&sig=Qm9ndXNTaWduYXR1cmVGb3JUZXN0cw%3D%3D"},
      {"SAS starting with sig=", "sig=Qm9ndXNTaWduYXR1cmVGb3JUZXN0cw%3D%3D&sv=2022-11-02&se=2026-12-31"},
      {"SQL connection string with a password", "Server=crm-sql.contoso.com;Database=crm;User Id=churn;Password=Winter2026!"},
      {"JSON Web Token",
       "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"},
      {"PEM RSA private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"},
      {"PEM OpenSSH private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"},
      {"password in a URL", "https://deploy:S3cr3tPassw0rd@git.contoso.com/models/churn.git"},
      {"GitHub token (classic)", "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"},
      {"GitHub token (fine-grained)",
       "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab"},
      {"AWS access key", "AKIAIOSFODNN7EXAMPLE"},
      {"Azure DevOps token (52 characters)", "k3x7q2m5vbn4lz6w2c7t3y5r6p4h2j7g5f3d6s2a4q7w5e3r6t2y"},
      {"Azure DevOps token (84 characters)",
       "0123456789abcdefghijABCDEFGHIJ0123456789abcdefghij12AZDO3456789abcdefghijABCDEFGHIJ0"},
  };
}

std::vector<Sample> ordinary() {
  return {
      {"Databricks secret reference", "password={{secrets/kv/pw}}"},
      {"base64 SHA-512 checksum",
       "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="},
      {"base64 SHA-256 checksum", "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="},
      {"prose mentioning Password=", "rotate the Password= value in Key Vault, never here"},
      {"password from the environment", "Password=${SQL_PASSWORD}"},
      {"a working directory", "Pwd=/home/runner/work"},
      {"workspace URL", "https://adb-1111111111111111.11.azuredatabricks.net"},
      {"resource id",
       "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbw"},
      {"e-mail address", "retention-ds@contoso.com"},
      {"notebook path", "/Repos/retention/churn/score"},
      {"runtime version", "15.4.x-scala2.12"},
      {"node type", "Standard_DS3_v2"},
      {"Spark setting", "spark.databricks.delta.optimizeWrite.enabled"},
      {"job parameter reference", "{{job.parameters.run_date}}"},
      {"secret scope reference", "{{secrets/kv-models/lake-key}}"},
      {"init script", "abfss://init@contosolake.dfs.core.windows.net/scripts/init.sh"},
      {"pinned package", "lightgbm==4.3.0"},
      {"Maven coordinates", "org.jsoup:jsoup:1.7.2"},
      {"git commit", "a3f5c2e1b4d6f7a8b9c0d1e2f3a4b5c6d7e8f9a0"},
      {"SHA-256 in hex", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
      {"MD5 in hex", "6f1ed002ab5595859014ebf0951522d9"},
      {"GUID", "8b1a9953-c461-4296-a9a4-7d3e1c2b5f90"},
      {"token endpoint", "token_endpoint=https://login.microsoftonline.com/contoso/oauth2/v2.0/token"},
      {"tokenizer", "tokenizer=bert-base-uncased"},
      {"token limit", "max_tokens=4096"},
      {"database user", "user=analytics_reader"},
      {"DBFS jar", "dbfs:/FileStore/jars/lib-1.2.3.jar"},
      {"SAS version alone", "sv=2022-11-02"},
      {"Key Vault secret name", "sql-password"},
      {"JDBC URL with managed identity",
       "jdbc:sqlserver://crm-sql.contoso.com:1433;database=crm;authentication=ActiveDirectoryMSI"},
      {"SQL text", "SELECT * FROM customers WHERE id = 1"},
      {"description", "Scores every customer's churn risk for the retention team"},
      {"package index", "https://pypi.example.com/simple"},
      {"URL with a user and no password", "https://analytics@dev.azure.com/contoso/models/_git/churn"},
      {"prose naming token kinds", "dapi tokens and ghp_ tokens must live in Key Vault"},
      {"storage path", "curated/customers/2026-01-01/_SUCCESS"},
  };
}

// `value` as the text of a .sched string literal.
std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '{' || c == '}') out += c;  // {{ and }} are literal braces
    out += c;
  }
  return out + "\"";
}

std::string comment_text(const std::string& value) {
  std::string out;
  for (char c : value) out += c == '\n' ? ' ' : c;
  return out;
}

struct Place {
  const char* name;
  std::string (*file)(const std::string& value);
};

std::vector<Place> places() {
  return {
      {"a string value", [](const std::string& v) { return "model m {\n  description = " + quoted(v) + "\n}\n"; }},
      {"a list item", [](const std::string& v) { return "model m {\n  tags = [\"a\", " + quoted(v) + "]\n}\n"; }},
      {"a per_env value", [](const std::string& v) { return "model m {\n  owner = per_env { dd = " + quoted(v) + " }\n}\n"; }},
      {"a notebook parameter",
       [](const std::string& v) { return "model m {\n  notebook = \"/x\" {\n    p = " + quoted(v) + "\n  }\n}\n"; }},
      {"a Spark setting",
       [](const std::string& v) { return "cluster c {\n  spark_conf {\n    \"spark.x\" = " + quoted(v) + "\n  }\n}\n"; }},
      {"a quoted key",
       [](const std::string& v) { return "cluster c {\n  spark_env_vars {\n    " + quoted(v) + " = \"1\"\n  }\n}\n"; }},
      {"a comment", [](const std::string& v) { return "# " + comment_text(v) + "\nmodel m {}\n"; }},
      {"a prerequisite path",
       [](const std::string& v) { return "model m {\n  requires {\n    file " + quoted(v) + " in lake check\n  }\n}\n"; }},
  };
}

// The SCH5001 diagnostics of a file (which must parse).
std::size_t findings(const std::string& text, std::string* why = nullptr) {
  auto parsed = schedc::syntax::parse(text, 1);
  EXPECT_TRUE(parsed.ok()) << text << (parsed.ok() ? "" : parsed.errors[0].message);
  schedc::Diagnostics diags;
  schedc::scan_file_for_secrets(parsed.file, diags);
  if (why && !diags.all().empty()) *why = diags.all().front().message;
  return diags.all().size();
}

TEST(Secrets, CorpusOfShapesEvasionsAndOrdinaryValues) {
  std::size_t found = 0, total = 0;
  for (const auto& s : shapes())
    for (const auto& p : places()) {
      ++total;
      if (findings(p.file(s.value)) > 0)
        ++found;
      else
        ADD_FAILURE() << "not detected: " << s.name << " in " << p.name;
    }

  const std::vector<Sample> evasions = {
      {"an unquoted token", "model m {\n  token = dapi0123456789abcdef0123456789abcdef\n}\n"},
      {"a URL-encoded storage key",
       "model m {\n  notebook = \"/x\" {\n    url = \"https://x.example.com/?k=1skb8r9FFcQrQxXLWw2D8fmoF6E2tuYNWnEEZzVjXVug%2FJyRFjiJil6Fi3P3JhDT8uBtsnbyCJPyj9QdHqMUBA%3D%3D\"\n  }\n}\n"},
      {"a key split over two parameters",
       "model m {\n  notebook = \"/x\" {\n    k1 = \"" + kStorageKey.substr(0, 44) + "\"\n    k2 = \"" + kStorageKey.substr(44) +
           "\"\n  }\n}\n"},
      {"upper-case hex", "model m {\n  description = \"dapi0123456789ABCDEF0123456789ABCDEF\"\n}\n"},
  };
  std::size_t evaded = 0;
  for (const auto& e : evasions) {
    if (findings(e.value) > 0)
      ++evaded;
    else
      ADD_FAILURE() << "evasion not detected: " << e.name;
  }

  std::size_t flagged = 0, ordinary_total = 0;
  for (const auto& o : ordinary())
    for (const auto& p : places()) {
      ++ordinary_total;
      std::string why;
      if (findings(p.file(o.value), &why) > 0) {
        ++flagged;
        ADD_FAILURE() << "ordinary value flagged: " << o.name << " in " << p.name << ": " << why;
      }
    }
  std::cout << "secrets: " << shapes().size() << " shapes x " << places().size() << " places: " << found << "/" << total
            << " detected; evasions " << evaded << "/" << evasions.size() << " detected; ordinary values "
            << ordinary().size() << " x " << places().size() << " places: " << flagged << "/" << ordinary_total
            << " flagged\n";
  EXPECT_EQ(found, total);
  EXPECT_EQ(evaded, evasions.size());
  EXPECT_EQ(flagged, 0u);
}

// A field named like a secret is judged by its name too: a written password is one, a reference or a Key Vault
// secret's name is not.
TEST(Secrets, FieldsNamedLikeSecrets) {
  EXPECT_TRUE(schedc::find_secret("Winter2026!", "DB_PASSWORD"));
  EXPECT_TRUE(schedc::find_secret("q8Z3rT7vW2yX5nB1mK4pL9sD", "client_secret"));
  EXPECT_FALSE(schedc::find_secret("{{secrets/kv/db-password}}", "DB_PASSWORD"));
  EXPECT_FALSE(schedc::find_secret("sql-password", "password_secret_name"));
  EXPECT_FALSE(schedc::find_secret("https://login.microsoftonline.com/t/oauth2/token", "token_url"));
  EXPECT_FALSE(schedc::find_secret("bert-base-uncased", "tokenizer"));
}

}  // namespace
