package org.adherence.support.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Boot's error page (where the container forwards a {@code sendError} or an exception no handler took, such as a
 * body cut short) as a problem detail, instead of Boot's {@code {timestamp, status, error, path}}. Written directly,
 * without content negotiation, so that no {@code Accept} header can turn it into another error.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    @RequestMapping
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly, not forwarded: there is no error page to show
        int status = code instanceof Integer forwarded && forwarded >= 400 ? forwarded : 404;
        response.setStatus(status);
        response.setContentType(ContainerProblems.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(ContainerProblems.json(status));
    }
}
