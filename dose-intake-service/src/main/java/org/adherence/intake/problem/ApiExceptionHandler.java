package org.adherence.intake.problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.adherence.intake.config.IntakeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error of the API as an RFC 9457 problem detail; validation problems name each bad field in
 * {@code errors: [{field, message}]}.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    static final String ERRORS = "errors";

    private final IntakeProperties properties;

    ApiExceptionHandler(IntakeProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalidRequest(InvalidRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.status() == HttpStatus.BAD_REQUEST ? "Invalid request" : "Drug not covered");
        problem.setProperty(ERRORS, e.problems());
        return problem;
    }

    @ExceptionHandler(EventNotDurableException.class)
    ResponseEntity<ProblemDetail> notDurable(EventNotDurableException e) {
        log.warn("Answering 503: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                e.getMessage() + " Post it again later; the same eventId is never counted twice.");
        problem.setTitle("Event not stored");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(properties.retryAfter().toSeconds()))
                .body(problem);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Request body too large");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            problems.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors().forEach(error ->
                problems.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        return badRequest(problems, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // constraints on path variables; request bodies are checked as a whole by EventChecks
        List<FieldProblem> problems = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            result.getResolvableErrors().forEach(error ->
                    problems.add(new FieldProblem(result.getMethodParameter().getParameterName(), message(error))));
        }
        return badRequest(problems, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // a chunked body that outgrew the limit fails while Jackson reads it
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
            }
        }
        return badRequest(List.of(unreadable(e)), headers);
    }

    private static FieldProblem unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof StreamReadException malformed) {
            var at = malformed.getLocation();
            return new FieldProblem("$", at == null ? "The body is not valid JSON."
                    : "The body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").");
        }
        if (cause instanceof InvalidFormatException invalid) {
            return new FieldProblem(path(invalid), "'" + invalid.getValue() + "' is not " + expected(invalid));
        }
        if (cause instanceof MismatchedInputException mismatched) {
            return new FieldProblem(path(mismatched), "has the wrong type: expected " + typeName(mismatched));
        }
        if (cause instanceof JacksonException jackson) {
            return new FieldProblem(path(jackson), "cannot be read: " + jackson.getOriginalMessage());
        }
        return new FieldProblem("$", "The body is missing or not readable as JSON.");
    }

    private static String expected(InvalidFormatException invalid) {
        Class<?> target = invalid.getTargetType();
        if (target != null && target.isEnum()) {
            return "one of " + Arrays.stream(target.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", ")) + ".";
        }
        return "a valid " + (target == null ? "value" : describe(target)) + ".";
    }

    private static String typeName(MismatchedInputException mismatched) {
        Class<?> target = mismatched.getTargetType();
        return target == null ? "another JSON type" : describe(target);
    }

    private static String describe(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "OffsetDateTime" -> "date-time with an offset, e.g. 2026-11-24T08:00:00+01:00";
            case "LocalDate" -> "date, e.g. 1979-03-14";
            case "UUID" -> "UUID, e.g. 0b6b6c7e-5d0e-4c1a-9a57-3c1f0f5e8a11";
            case "ZoneId" -> "IANA time zone, e.g. Europe/Berlin";
            case "BigDecimal" -> "number";
            default -> type.getSimpleName();
        };
    }

    /** The JSON path of the failing value, in the same form as bean validation's field names. */
    static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private ResponseEntity<Object> badRequest(List<FieldProblem> problems, HttpHeaders headers) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has " + problems.size() + " invalid field(s); nothing was published.");
        problem.setTitle("Invalid request");
        problem.setProperty(ERRORS, problems);
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }
}
