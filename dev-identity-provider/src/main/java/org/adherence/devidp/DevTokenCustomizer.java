package org.adherence.devidp;

import java.util.Set;

import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The claims of the ID and access tokens (sub = username): {@code clinic}, {@code role}, {@code email}, {@code name};
 * the access token is signed HS256 (the platform's local key) and its {@code scope} is one space-separated string,
 * as the platform's tokens have it, with {@code alerts:acknowledge} only for a clinician. The ID token stays RS256.
 */
final class DevTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String CLINIC = "clinic";

    static final String ROLE = "role";

    static final String EMAIL = "email";

    static final String NAME = "name";

    static final String SCOPE = "scope";

    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (!accessToken && !idToken) {
            return;
        }
        DevUser user = DevUsers.require(context.getPrincipal().getName());
        JwtClaimsSet.Builder claims = context.getClaims();
        claims.claim(CLINIC, user.clinic())
                .claim(ROLE, user.role().name())
                .claim(EMAIL, user.email())
                .claim(NAME, user.name());
        if (accessToken) {
            context.getJwsHeader().algorithm(MacAlgorithm.HS256);
            Set<String> scopes = DevUsers.grantableScopes(user.username(), context.getAuthorizedScopes());
            claims.claim(SCOPE, DevUsers.scopeClaim(scopes));
        }
        else {
            context.getJwsHeader().algorithm(SignatureAlgorithm.RS256);
            claims.claim("preferred_username", user.username());
        }
    }
}
