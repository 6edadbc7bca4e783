// Lowering of prerequisites (`requires { file ... folder ... model ... }`), the storage paths they name, and the
// linked services and datasets the storages they use need.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "compiler/lower/context.hpp"
#include "compiler/lower/steps.hpp"

namespace schedc::lower {
namespace {

using syntax::Value;

// A prerequisite path template: the container part must be literal.
std::optional<std::pair<std::string, ir::Template>> storage_path_template(Context& cx, const Value& v, bool is_file) {
  auto t = cx.make_template(v);
  if (!t) return std::nullopt;
  // The container is the literal text up to the first '/'.
  std::string head = t->parts.empty() || t->parts[0].is_binding ? "" : t->parts[0].text;
  auto slash = head.find('/');
  if (slash == std::string::npos && t->is_plain()) {
    split_storage_path(cx, head, v.span, true);  // reports "names only a container" or a bad container name
    return std::nullopt;
  }
  if (slash == std::string::npos) {
    SCHEDC_DIAGNOSTIC(StoragePathMustStartWith, InvalidStoragePath, "the storage path must start with a literal container name and `/`");
    auto& d = cx.diags.report(StoragePathMustStartWith, v.span);
    d.primary_label = "no container";
    d.help = "write `\"container/folder/{schedule.date}/file\"`";
    return std::nullopt;
  }
  std::string literal_probe;
  for (const auto& p : t->parts) literal_probe += p.is_binding ? std::string("x") : p.text;
  auto split = split_storage_path(cx, literal_probe, v.span, true);
  if (!split) return std::nullopt;
  if (is_file && !literal_probe.empty() && literal_probe.back() == '/') {
    SCHEDC_DIAGNOSTIC(FilePathEndWith, InvalidStoragePath, "a file path cannot end with `/`");
    cx.diags.report(FilePathEndWith, v.span).help = "use `folder` for folders";
    return std::nullopt;
  }
  // Strip the container and a trailing '/' from the template.
  ir::Template rest;
  bool first = true;
  for (auto p : t->parts) {
    if (first) {
      p.text = p.text.substr(slash + 1);
      first = false;
      if (p.text.empty()) continue;
    }
    rest.parts.push_back(std::move(p));
  }
  while (!rest.parts.empty() && !rest.parts.back().is_binding && !rest.parts.back().text.empty() &&
         rest.parts.back().text.back() == '/') {
    rest.parts.back().text.pop_back();
    if (rest.parts.back().text.empty()) rest.parts.pop_back();
  }
  return std::make_pair(split->first, rest);
}

}  // namespace

// "container/path/in/it" -> (container, rest). Checks the ADLS Gen2 container naming rules.
std::optional<std::pair<std::string, std::string>> split_storage_path(Context& cx, const std::string& path, Span span,
                                                                     bool need_rest) {
  auto fail = [&](const std::string& msg, const std::string& help) -> std::optional<std::pair<std::string, std::string>> {
    SCHEDC_DIAGNOSTIC(StoragePathProblem, InvalidStoragePath, "{}", std::string_view);  // worded by each check below
    auto& d = cx.diags.report(StoragePathProblem, span, msg);
    d.primary_label = "invalid path";
    d.help = help;
    return std::nullopt;
  };
  if (path.empty()) return fail("the storage path is empty", "write `container/folder/file`");
  if (path.front() == '/') return fail("storage paths start with the container name, not `/`", "remove the leading `/`");
  if (const auto scheme = path.find("://"); scheme != std::string::npos && scheme > 0 &&
                                            path.find('/') == scheme + 1) {
    // `abfss://container@account.dfs.core.windows.net/folder/file`: a URL, where a path in a storage belongs.
    const std::string after = path.substr(scheme + 3);
    const auto at = after.find('@');
    const auto slash = after.find('/');
    std::string help = "write the path inside the storage, `container/folder/file`, and name the account with `in STORAGE`, "
                       "a `storage` declaration whose `url` is the account's `https://<account>.dfs.core.windows.net`";
    if (at != std::string::npos && slash != std::string::npos && at < slash && at > 0)
      help = fmt::format("drop `{}://{}/` and start the path with its container: `\"{}/...\" in STORAGE`, where "
                         "STORAGE is a `storage` declaration with `url = \"https://{}\"`",
                         path.substr(0, scheme), after.substr(0, slash), after.substr(0, at),
                         after.substr(at + 1, slash - at - 1));
    return fail(fmt::format("a storage path is a path inside a storage account, not a URL (`{}://...`)", path.substr(0, scheme)),
                help);
  }
  if (path.find("//") != std::string::npos) return fail("the storage path has an empty segment (`//`)", "remove the extra `/`");
  auto slash = path.find('/');
  std::string container = path.substr(0, slash);
  std::string rest = slash == std::string::npos ? "" : path.substr(slash + 1);
  bool valid_container = container.size() >= 3 && container.size() <= 63 && container.front() != '-' && container.back() != '-' &&
                         container.find("--") == std::string::npos &&
                         std::all_of(container.begin(), container.end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                         });
  if (!valid_container)
    return fail(fmt::format("`{}` is not a valid container (file system) name", container),
                "the first path segment is the container: 3-63 lowercase letters, digits and single hyphens");
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (need_rest && rest.empty()) return fail("the path names only a container", "add the folder or file inside the container");
  if (rest.find("//") != std::string::npos) return fail("the storage path has an empty segment (`//`)", "remove the extra `/`");
  std::string seg;
  for (std::size_t i = 0; i <= rest.size(); ++i) {
    if (i == rest.size() || rest[i] == '/') {
      if (seg == "." || seg == "..") return fail("storage paths cannot contain `.` or `..` segments", "write the path from the container");
      seg.clear();
    } else {
      seg += rest[i];
    }
  }
  return std::make_pair(container, rest);
}

bool lower_requires(Context& cx, const Unit& unit, const syntax::Body& body, ir::Model& m) {
  bool ok = true;
  for (const auto& e : body.entries) {
    if (e.kind != syntax::Entry::Kind::Requirement) {
      SCHEDC_DIAGNOSTIC(HoldsPrerequisitesFields, WrongValueType, "`requires` holds prerequisites, not fields");
      auto& d = cx.diags.report(HoldsPrerequisitesFields, e.span);
      d.help = "write `file \"container/path\" in STORAGE wait 2h every 10m`, `folder ... check` or `model NAME wait 1h every 5m`";
      ok = false;
      continue;
    }
    const syntax::Requirement& r = *e.requirement;
    ir::Prerequisite p;
    p.span = r.span;
    p.mode = r.mode == syntax::Requirement::Mode::Wait ? ir::Prerequisite::Mode::Wait : ir::Prerequisite::Mode::Check;
    if (p.mode == ir::Prerequisite::Mode::Wait) {
      const Value& to = *r.wait_timeout;
      const Value& every = *r.wait_every;
      if (to.seconds > kMaxTimeoutSeconds) {
        SCHEDC_DIAGNOSTIC(WaitLastMostDaysAdf, ValueOutOfRange, "a wait can last at most 7 days (ADF's activity timeout limit)");
        cx.diags.report(WaitLastMostDaysAdf, to.span).primary_label = "too long";
        ok = false;
      }
      if (every.seconds > to.seconds) {
        SCHEDC_DIAGNOSTIC(PollIntervalLongerThanWait, ValueOutOfRange, "the poll interval is longer than the wait itself");
        auto& d = cx.diags.report(PollIntervalLongerThanWait, every.span);
        d.primary_label = "polls less often than it waits";
        d.labels.push_back({to.span, "waits this long"});
        d.help = "poll more often than the total wait, e.g. `wait 2h every 10m`";
        ok = false;
      }
      if (every.seconds > 86400 && every.seconds <= to.seconds) {
        SCHEDC_DIAGNOSTIC(PollIntervalMostDay, ValueOutOfRange, "the poll interval can be at most 1 day");
        cx.diags.report(PollIntervalMostDay, every.span).primary_label = "too long";
        ok = false;
      }
      p.timeout_seconds = to.seconds;
      p.poll_seconds = every.seconds;
    }
    const std::string& kind = r.kind.text;
    if (kind == "model") {
      p.kind = ir::Prerequisite::Kind::Model;
      // A model of another repo, from the organisation index, when no unit declares the name.
      const ir::Model* external =
          r.target.path.size() == 1 && !cx.table(SymbolKind::Model).count(r.target.path[0].text)
              ? index_upstream(cx, r.target.path[0].text)
              : nullptr;
      if (external) {
        p.upstream = external->name;
      } else if (const Symbol* up = cx.resolve(SymbolKind::Model, unit, r.target.path, r.target.span)) {
        p.upstream = up->qname;
      } else {
        ok = false;
      }
      if (r.within) {
        constexpr std::int64_t kMaxWithin = 400LL * 24 * 3600;
        if (r.within->seconds < 60 || r.within->seconds > kMaxWithin) {
          SCHEDC_DIAGNOSTIC(MustBetweenMinuteDays, ValueOutOfRange, "`within` must be between 1 minute and 400 days");
          auto& diag = cx.diags.report(MustBetweenMinuteDays, r.within->span);
          diag.primary_label = "out of range";
          ok = false;
        }
        p.within_seconds = r.within->seconds;
      }
    } else {
      if (r.within) {
        SCHEDC_DIAGNOSTIC(AppliesModelPrerequisitesOnly, WrongValueType, "`within` applies to model prerequisites only");
        auto& diag = cx.diags.report(AppliesModelPrerequisitesOnly, r.within->span);
        diag.help = "remove `within ...`; files and folders are checked for existence";
        ok = false;
      }
      p.kind = kind == "file" ? ir::Prerequisite::Kind::File : ir::Prerequisite::Kind::Folder;
      if (const Symbol* st = cx.resolve(SymbolKind::Storage, unit, r.storage_path, r.storage ? r.storage->span : r.span)) {
        p.storage = st->qname;
      } else {
        ok = false;
      }
      if (auto split = storage_path_template(cx, r.target, p.kind == ir::Prerequisite::Kind::File)) {
        p.container = split->first;
        p.path = split->second;
      } else {
        ok = false;
      }
    }
    m.requires_.push_back(std::move(p));
  }
  return ok;
}

void collect_storage_uses(Context& cx) {
  std::map<std::string, ir::StorageUse> uses;
  auto use = [&](const std::string& storage) -> ir::StorageUse& {
    auto& u = uses[storage];
    u.storage = storage;
    u.linked_service = "ls_adls_" + storage;
    u.file_dataset = "ds_" + storage + "_file";
    u.folder_dataset = "ds_" + storage + "_folder";
    return u;
  };
  for (const auto& m : cx.project.models)
    for (const auto& p : m.requires_) {
      if (p.kind == ir::Prerequisite::Kind::File) use(p.storage).needs_file = true;
      if (p.kind == ir::Prerequisite::Kind::Folder) use(p.storage).needs_folder = true;
      if (p.kind == ir::Prerequisite::Kind::Model && cx.project.markers) use(cx.project.markers->storage).needs_file = true;
    }
  for (auto& [n, u] : uses) cx.project.storage_uses.push_back(u);
}

}  // namespace schedc::lower
