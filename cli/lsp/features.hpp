#pragma once
// The language server's features (docs/editors.md): hover, go to definition, references, document symbols,
// folding and quick fixes, as members of Server (cli/lsp/server.hpp) defined in features.cpp; and what the server
// and its features share to read a request's params and refuse a malformed one.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace schedc::cli::lsp {

// JSON-RPC and LSP error codes.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;

// A request's failure, answered as a JSON-RPC error.
struct RpcError {
  int code;
  std::string message;
};

[[noreturn]] void invalid_params(std::string why);
// `object[key]` of `type`, else invalid params.
const nlohmann::json& member(const nlohmann::json& object, const char* key, nlohmann::json::value_t type);
std::uint32_t to_u32(const nlohmann::json& v, const char* what);

}  // namespace schedc::cli::lsp
