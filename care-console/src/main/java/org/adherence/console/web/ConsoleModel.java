package org.adherence.console.web;

import org.adherence.console.security.ClinicUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The signed-in user, on every page (the header names them, their clinic and role). */
@ControllerAdvice
class ConsoleModel {

    @ModelAttribute("user")
    ClinicUser user(@AuthenticationPrincipal OidcUser user) {
        return user == null ? null : ClinicUser.of(user);
    }
}
