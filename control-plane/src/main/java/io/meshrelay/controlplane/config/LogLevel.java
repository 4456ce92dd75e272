package io.meshrelay.controlplane.config;

/** Log verbosity as written in config ({@code info}). */
public enum LogLevel {
    error, warn, info, debug, trace
}
