package org.adherence.devidp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

/**
 * The UserInfo endpoint's answer: {@code sub}, {@code clinic} and {@code role} always, {@code email} with the email
 * scope, {@code name} and {@code preferred_username} with the profile scope (Spring's default would drop the clinic
 * and the role).
 */
final class DevUserInfoMapper implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

    @Override
    public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
        DevUser user = DevUsers.require(context.getAuthorization().getPrincipalName());
        Set<String> scopes = context.getAccessToken().getScopes();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put(StandardClaimNames.SUB, user.username());
        claims.put(DevTokenCustomizer.CLINIC, user.clinic());
        claims.put(DevTokenCustomizer.ROLE, user.role().name());
        if (scopes.contains(OidcScopes.EMAIL)) {
            claims.put(StandardClaimNames.EMAIL, user.email());
        }
        if (scopes.contains(OidcScopes.PROFILE)) {
            claims.put(StandardClaimNames.NAME, user.name());
            claims.put(StandardClaimNames.PREFERRED_USERNAME, user.username());
        }
        return new OidcUserInfo(claims);
    }
}
