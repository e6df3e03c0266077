package org.adherence.intake.problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.adherence.intake.config.IntakeProperties;
import org.adherence.intake.input.NotUtf8Exception;
import org.adherence.intake.input.RequestJson;
import org.adherence.support.web.Quoted;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error of the API as an RFC 9457 problem detail; validation problems name each bad field in
 * {@code errors: [{field, message}]}. A problem quotes at most a few dozen characters of any value of the request
 * ({@link Quoted}): a 64k-character id is named, not sent back.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    static final String ERRORS = "errors";

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");

    private final IntakeProperties properties;

    ApiExceptionHandler(IntakeProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalidRequest(InvalidRequestException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.status() == HttpStatus.BAD_REQUEST ? "Invalid request" : "Drug not covered");
        problem.setProperty(ERRORS, e.problems());
        return ProblemWriter.bounded(problem, request);
    }

    @ExceptionHandler(EventNotDurableException.class)
    ResponseEntity<ProblemDetail> notDurable(EventNotDurableException e, HttpServletRequest request) {
        log.warn("Answering 503: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                e.getMessage() + " Post it again later; the same eventId is never counted twice.");
        problem.setTitle("Event not stored");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(properties.retryAfter().toSeconds()))
                .body(ProblemWriter.bounded(problem, request));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Request body too large");
        return ProblemWriter.bounded(problem, request);
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
        return badRequest(problems, headers, request);
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
        return badRequest(problems, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // a chunked body that outgrew the limit fails while Jackson reads it
        PayloadTooLargeException tooLarge = causeOf(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge, servlet(request)));
        }
        return badRequest(List.of(unreadable(e)), headers, request);
    }

    /** The problems Spring MVC makes itself (404, 405, 406, 415, ...), bounded and named by their path. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            ProblemWriter.bounded(problem, servlet(request));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static FieldProblem unreadable(HttpMessageNotReadableException e) {
        NotUtf8Exception notUtf8 = causeOf(e, NotUtf8Exception.class);
        if (notUtf8 != null) {
            return new FieldProblem("$", "The body is not valid UTF-8 (from byte " + notUtf8.offset() + ").");
        }
        Throwable cause = e.getCause();
        if (cause instanceof StreamConstraintsException limit) {
            return new FieldProblem("$", "The body goes beyond what a request of this API may hold (at most "
                    + RequestJson.MAX_NESTING + " levels of nesting, field names of " + RequestJson.MAX_NAME
                    + " characters, numbers of " + RequestJson.MAX_NUMBER + "): "
                    + Quoted.cut(limit.getOriginalMessage(), 200));
        }
        if (cause instanceof InputCoercionException range) {
            return new FieldProblem(path(range), "is out of range for " + describe(range.getTargetType()) + ".");
        }
        if (cause instanceof StreamReadException malformed) {
            return malformed(malformed);
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return new FieldProblem(path(unknown), "is not a field of this request; its fields are "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")) + ".");
        }
        if (cause instanceof InvalidFormatException invalid) {
            return new FieldProblem(path(invalid), "'" + Quoted.value(invalid.getValue()) + "' is not "
                    + expected(invalid));
        }
        if (cause instanceof MismatchedInputException mismatched) {
            return new FieldProblem(path(mismatched), "has the wrong type: expected " + typeName(mismatched));
        }
        if (cause instanceof JacksonException jackson) {
            return new FieldProblem(path(jackson), "cannot be read: " + Quoted.cut(jackson.getOriginalMessage(), 200));
        }
        return new FieldProblem("$", "The body is missing or not readable as JSON.");
    }

    /** Not JSON at all, or a field twice in one object (which of the two counted would depend on the reader). */
    private static FieldProblem malformed(StreamReadException malformed) {
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(malformed.getOriginalMessage()));
        if (duplicate.matches()) {
            return new FieldProblem(pathInto(malformed.processor() == null ? null
                    : malformed.processor().streamReadContext(), duplicate.group(1)),
                    "appears more than once in its object; give each field once.");
        }
        var at = malformed.getLocation();
        return new FieldProblem("$", at == null ? "The body is not valid JSON."
                : "The body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").");
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
            case "int", "Integer", "long", "Long" -> "whole number";
            case "String" -> "text (a JSON string of well-formed Unicode)";
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

    /** The path of a field named {@code name} in the object the parser was reading, e.g. {@code doses[0].doseMg}. */
    private static String pathInto(@Nullable TokenStreamContext object, String name) {
        List<String> parts = new ArrayList<>();
        for (TokenStreamContext context = object == null ? null : object.getParent(); context != null;
             context = context.getParent()) {
            if (context.inArray()) {
                parts.add(0, "[" + context.getCurrentIndex() + "]");
            }
            else if (context.inObject() && context.currentName() != null) {
                parts.add(0, "." + context.currentName());
            }
        }
        parts.add("." + name);
        return String.join("", parts).substring(1);
    }

    private static @Nullable <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static HttpServletRequest servlet(WebRequest request) {
        return request instanceof NativeWebRequest nativeRequest
                ? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
    }

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private ResponseEntity<Object> badRequest(List<FieldProblem> problems, HttpHeaders headers, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has " + problems.size() + " invalid field(s); nothing was published.");
        problem.setTitle("Invalid request");
        problem.setProperty(ERRORS, problems);
        return ResponseEntity.badRequest().headers(headers).body(ProblemWriter.bounded(problem, servlet(request)));
    }
}
