package io.nasscore.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * One JSON object per line for log shippers: {@code time} (ISO-8601, UTC), {@code level}, {@code component} (the
 * service), {@code logger}, {@code thread}, {@code message}, the MDC keys the worker and aggregator set while they
 * handle a job ({@code worker_id}, {@code job_id}, {@code experiment}, {@code config_hash}), and {@code exception}
 * (the stack trace) when there is one.
 */
final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String component;

    JsonLineLayout(String component) {
        this.component = component;
    }

    @Override
    public String doLayout(ILoggingEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", Instant.ofEpochMilli(e.getTimeStamp()).toString());
        o.put("level", e.getLevel().toString());
        o.put("component", component);
        o.put("logger", e.getLoggerName());
        o.put("thread", e.getThreadName());
        o.put("message", e.getFormattedMessage());
        Map<String, String> mdc = e.getMDCPropertyMap();
        if (mdc != null) mdc.forEach(o::put);
        if (e.getThrowableProxy() != null) o.put("exception", ThrowableProxyUtil.asString(e.getThrowableProxy()));
        try {
            return JSON.writeValueAsString(o) + CoreConstants.LINE_SEPARATOR;
        } catch (JsonProcessingException ex) {
            return "{\"level\":\"ERROR\",\"message\":\"cannot write a log line as JSON\"}" + CoreConstants.LINE_SEPARATOR;
        }
    }
}
