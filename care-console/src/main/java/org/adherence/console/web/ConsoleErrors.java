package org.adherence.console.web;

import org.adherence.console.platform.PlatformCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A service that does not answer, or refuses, gets a page that says so in plain words (no data, no guess). */
@ControllerAdvice
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    @ExceptionHandler(PlatformCalls.ServiceUnavailable.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    String unavailable(PlatformCalls.ServiceUnavailable e, Model model) {
        log.warn("{} not available to the console: {}", e.service(), e.getMessage());
        model.addAttribute("service", e.service());
        return "unavailable";
    }

    @ExceptionHandler(PlatformCalls.NotAllowed.class)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String notAllowed() {
        return "not-allowed";
    }
}
