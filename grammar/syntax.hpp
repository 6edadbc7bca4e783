#pragma once
// The syntax tree of one .sched file. Every node carries a Span; comments are kept in File::comments.
// The tree is purely syntactic: it knows the shapes of the language (declarations, attributes, values,
// prerequisites) but not which keys exist or what they mean; the compiler checks that.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grammar/span.hpp"

namespace schedc::syntax {

struct Ident {
  std::string text;
  Span span;
};

// A string literal is a sequence of literal text and {binding.path} interpolations.
// Escapes (\" \\ \n \t \r \u{HEX}) and the brace escapes {{ }} are already decoded in `text`.
struct StringPart {
  enum class Kind { Text, Binding };
  Kind kind = Kind::Text;
  std::string text;         // decoded literal text, or the dotted binding path ("schedule.date")
  std::vector<Ident> path;  // Binding only: the path segments
  Span span;                // the source range of this part (for a binding: including the braces)
};

struct Body;
struct Value;

// Calendar date and optional time of day, as written (no zone attached).
struct DateTime {
  int year = 0, month = 0, day = 0;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
};

struct PerEnvEntry;

// The parts of `cron "EXPR" in "ZONE" [from DATETIME] [until DATETIME]`.
struct Cron {
  std::vector<StringPart> expr;  // the cron text (a String literal's parts)
  Span expr_span;                // span of the cron string literal, quotes included
  std::vector<StringPart> zone;
  Span zone_span;
  std::optional<DateTime> from;
  Span from_span;
  std::optional<DateTime> until;
  Span until_span;
};

// The fields of the rarer value kinds, kept out of line so that the common values (strings, references,
// numbers, lists, blocks) stay small: a large project holds hundreds of thousands of values.
struct ValueExtra {
  std::int64_t range_lo = 0, range_hi = 0;  // Range
  DateTime datetime;                        // DateTime
  std::vector<PerEnvEntry> per_env;         // PerEnv
  Cron cron;                                // Cron
};

// Value, Entry and so the whole tree are move-only (unique_ptr members): a tree is built once and read in place;
// a copy would not compile.
struct Value {
  enum class Kind : std::uint8_t {
    String,     // "..."                         -> parts
    Integer,    // 42                            -> integer
    Duration,   // 90s 10m 2h 1d 1h30m           -> seconds
    Range,      // 2..8                          -> range_lo(), range_hi()
    Bool,       // true false                    -> boolean
    DateTime,   // 2026-01-01, 2026-01-01T06:00  -> datetime()
    Reference,  // name, clusters.general        -> path
    List,       // [a, b, c]                     -> items
    Block,      // { key = value ... }           -> block
    PerEnv,     // per_env { dd = ..., prod = ... } -> per_env()
    Cron,       // cron "EXPR" in "ZONE" [from DATETIME] [until DATETIME] -> cron()
    Every,      // VALUE every DURATION          -> items[0] (count), items[1] (interval)
    Secret,     // secret "name" in vault        -> parts (name), path (vault reference)
  };
  Kind kind = Kind::Integer;
  bool boolean = false;             // Bool
  Span span;

  std::vector<StringPart> parts;    // String, Secret (the secret name)
  std::vector<Ident> path;          // Reference, Secret (vault)
  std::vector<Value> items;         // List, Every
  std::shared_ptr<Body> block;      // Block; also the option block of a String or Reference: "/nb" { ... }
  std::int64_t integer = 0;         // Integer
  std::int64_t seconds = 0;         // Duration
  std::unique_ptr<ValueExtra> extra;  // Range, DateTime, PerEnv, Cron (null for the other kinds)

  // The out-of-line fields; all defaults (0, empty) when `extra` is null, as for any field of another kind.
  [[nodiscard]] const ValueExtra& extra_or_empty() const noexcept;
  [[nodiscard]] std::int64_t range_lo() const noexcept { return extra ? extra->range_lo : 0; }
  [[nodiscard]] std::int64_t range_hi() const noexcept { return extra ? extra->range_hi : 0; }
  [[nodiscard]] const DateTime& datetime() const noexcept { return extra_or_empty().datetime; }
  [[nodiscard]] const std::vector<PerEnvEntry>& per_env() const noexcept { return extra_or_empty().per_env; }
  [[nodiscard]] const Cron& cron() const noexcept { return extra_or_empty().cron; }
  // For the parser: the out-of-line fields, allocated on first use.
  ValueExtra& extra_mut() {
    if (!extra) extra = std::make_unique<ValueExtra>();
    return *extra;
  }
};

struct PerEnvEntry {
  Ident env;
  Value value;
};

inline const ValueExtra& Value::extra_or_empty() const noexcept {
  static const ValueExtra empty;
  return extra ? *extra : empty;
}

// A prerequisite inside `requires { ... }`:
//   file   "path" in STORAGE (wait DURATION every DURATION | check)
//   folder "path" in STORAGE (wait DURATION every DURATION | check)
//   model  NAME [within DURATION] (wait DURATION every DURATION | check)
// The optional durations are out of line (null when absent).
struct Requirement {
  Ident kind;                       // file | folder | model
  Value target;                     // String (file/folder) or Reference (model)
  std::optional<Ident> storage;     // file/folder: the storage reference after `in`
  std::vector<Ident> storage_path;  // full dotted path of the storage reference
  std::unique_ptr<Value> within;    // model only: `within DURATION` (Duration)
  enum class Mode { Wait, Check };
  Mode mode = Mode::Check;
  Span mode_span;                   // the `wait ... every ...` or `check` clause
  std::unique_ptr<Value> wait_timeout;  // Duration
  std::unique_ptr<Value> wait_every;    // Duration
  Span span;
};

struct Entry {
  enum class Kind : std::uint8_t {
    Attribute,    // key = value
    Nested,       // key { body }      (e.g. requires { ... }, spark_conf { ... })
    Requirement,  // a prerequisite statement (only meaningful inside requires)
  };
  Kind kind = Kind::Attribute;
  bool key_quoted = false;
  Span span;
  Ident key;        // Attribute/Nested; a quoted key keeps its decoded text, key_quoted = true
  Value value;      // Attribute
  std::shared_ptr<Body> nested;               // Nested
  std::unique_ptr<Requirement> requirement;   // Requirement (null for the other kinds)
};

struct Body {
  std::vector<Entry> entries;
  Span span;  // from '{' to '}' inclusive
};

// `KIND [NAME] [from BASE] { body }`, e.g. `model churn { ... }`, `cluster big from general { ... }`,
// `project { ... }`.
struct Decl {
  Ident kind;
  std::optional<Ident> name;
  std::optional<Ident> base;   // `from BASE` (dotted bases are joined with '.', base_path keeps segments)
  std::vector<Ident> base_path;
  Body body;
  Span span;
};

// `use std.clusters` (module path) or `use "relative/file.sched"` (project file).
struct Use {
  bool is_file = false;
  std::vector<Ident> module;  // module path segments when !is_file
  std::string file;           // decoded path when is_file
  Span target_span;
  Span span;
};

struct Comment {
  std::string text;  // without the leading '#'
  Span span;
};

struct Item {
  enum class Kind { Use, Decl };
  Kind kind = Kind::Decl;
  std::size_t index = 0;  // into File::uses or File::decls
};

struct File {
  std::vector<Use> uses;
  std::vector<Decl> decls;
  std::vector<Item> items;  // source order of uses and decls (for a formatter)
  std::vector<Comment> comments;
};

}  // namespace schedc::syntax
