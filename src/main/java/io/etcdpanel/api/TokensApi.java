package io.etcdpanel.api;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;

import io.etcdpanel.security.CreatedToken;
import io.etcdpanel.security.SignedIn;
import io.etcdpanel.security.TokenRequest;
import io.etcdpanel.security.TokenService;
import io.etcdpanel.security.TokenView;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/tokens}: admins make API tokens (the secret is in this one answer only), list and revoke them. */
@Tag(name = ApiTags.TOKENS)
@RestController
@RequestMapping("/api/v1/tokens")
class TokensApi {

    private final TokenService tokens;

    TokensApi(TokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(operationId = "listTokens", summary = "List API tokens (never their secrets)")
    @GetMapping
    List<TokenView> list() {
        return tokens.list();
    }

    @Operation(operationId = "createToken", summary = "Make an API token; its secret is in this one answer only")
    @ApiResponse(responseCode = "201", description = "Created: the token and its secret, with `Location`")
    @PostMapping
    ResponseEntity<CreatedToken> create(@RequestBody TokenRequest request) {
        CreatedToken created = tokens.create(request, SignedIn.name());
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.token().id())).body(created);
    }

    @Operation(operationId = "revokeToken", summary = "Revoke an API token")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        tokens.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
