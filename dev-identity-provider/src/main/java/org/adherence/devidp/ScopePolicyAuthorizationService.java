package org.adherence.devidp;

import java.util.Set;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Records an authorization with only the scopes its user may have ({@link DevUsers#grantableScopes}): without a
 * consent page the authorization endpoint authorizes every scope the client asked for, and the token endpoint then
 * issues (and lists in its response) the recorded ones. So a caregiver's authorization never holds
 * {@code alerts:acknowledge}, whatever the console requested; refreshed tokens keep that.
 */
final class ScopePolicyAuthorizationService implements OAuth2AuthorizationService {

    private final OAuth2AuthorizationService delegate;

    ScopePolicyAuthorizationService(OAuth2AuthorizationService delegate) {
        this.delegate = delegate;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        Set<String> scopes = authorization.getAuthorizedScopes();
        Set<String> grantable = DevUsers.grantableScopes(authorization.getPrincipalName(), scopes);
        if (!grantable.equals(scopes)) {
            authorization = OAuth2Authorization.from(authorization).authorizedScopes(grantable).build();
        }
        delegate.save(authorization);
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return delegate.findByToken(token, tokenType);
    }
}
