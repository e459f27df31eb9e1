package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;

/** What a REST handler answers: the HTTP status and the JSON body. */
record ApiAnswer(int code, JsonNode body) {}
