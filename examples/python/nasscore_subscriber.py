#!/usr/bin/env python3
"""Subscribe to nasscore's result topics from Python (docs/subscribing.md).

Reads nas.scores and nas.score-quality with confluent-kafka and decodes each value's Avro single-object
encoding (0xC3 0x01, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema's Parsing
Canonical Form, then the Avro binary body) with the released .avsc files. Prints one JSON line per record.

Needs Debian's python3-confluent-kafka and python3-avro (or pip's confluent-kafka and avro).
"""
import argparse
import glob
import io
import json
import math
import os
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaError

MAGIC = b"\xc3\x01"
HEADER_LENGTH = 10
PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def _crc64_avro_table():
    empty = 0xC15D213AA4D7A795  # the CRC-64-AVRO polynomial's "empty" value, as in the Avro specification
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (empty & -(fp & 1))
        table.append(fp)
    return empty, table


_EMPTY, _TABLE = _crc64_avro_table()


def crc64_avro(data):
    """The Avro specification's 64-bit Rabin fingerprint."""
    fp = _EMPTY
    for b in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ b) & 0xFF]
    return fp


def _java_canonical(node):
    # Avro 1.11's Python canonical form keeps a logical type's primitive as {"type":"long"}; the Parsing
    # Canonical Form of the specification (and of Java, which writes the fingerprints) reduces it to "long".
    if isinstance(node, dict):
        if set(node) == {"type"} and node["type"] in PRIMITIVES:
            return node["type"]
        return {k: _java_canonical(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_java_canonical(v) for v in node]
    return node


def parsing_canonical_form(schema):
    """The specification's Parsing Canonical Form of a parsed schema, as Java computes it."""
    normalised = _java_canonical(json.loads(schema.canonical_form))
    return json.dumps(normalised, separators=(",", ":"), ensure_ascii=False)


class ReleasedSchemas:
    """Every released <Name>/v<N>.avsc, by fingerprint; the newest version of each name is its reader schema."""

    def __init__(self, directory):
        self.by_fingerprint = {}
        self.reader = {}
        paths = glob.glob(os.path.join(directory, "*", "v*.avsc"))
        if not paths:
            raise SystemExit(f"nasscore_subscriber: --schemas {directory}: no <Name>/v<N>.avsc files")
        for path in sorted(paths, key=lambda p: (os.path.dirname(p), int(os.path.basename(p)[1:-5]))):
            with open(path, encoding="utf-8") as f:
                schema = avro.schema.parse(f.read())
            name = os.path.basename(os.path.dirname(path))
            version = os.path.basename(path)[:-5]
            fingerprint = crc64_avro(parsing_canonical_form(schema).encode("utf-8"))
            self.by_fingerprint[fingerprint] = (f"{name}/{version}", schema)
            self.reader[name] = schema  # sorted by version: the last one wins

    def decode(self, value):
        """(schema label, record as a dict) of one single-object-encoded value; ValueError on a bad value."""
        if len(value) < HEADER_LENGTH or value[:2] != MAGIC:
            raise ValueError("not Avro single-object encoding")
        (fingerprint,) = struct.unpack("<Q", value[2:HEADER_LENGTH])
        if fingerprint not in self.by_fingerprint:
            raise ValueError(f"unknown schema fingerprint 0x{fingerprint:016x} (update the .avsc files)")
        label, writer = self.by_fingerprint[fingerprint]
        reader = self.reader[label.split("/")[0]]
        decoder = avro.io.BinaryDecoder(io.BytesIO(value[HEADER_LENGTH:]))
        return label, avro.io.DatumReader(writer, reader).read(decoder)


def _json_value(v):
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)  # NaN = could not be computed; JSON has no NaN
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_json_value(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.isoformat()  # timestamp-millis arrive as datetimes
    return v


def client_config(path):
    """key=value lines (a Java client .properties file: librdkafka shares the security.* and sasl.* names)."""
    config = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith(("#", "!")):
                key, _, value = line.partition("=")
                config[key.strip()] = value.strip()
    return config


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    default_schemas = next((d for d in (os.path.join(here, "..", "..", "schemas", "src", "main", "avro"),
                                        os.path.join(here, "..", "..", "schemas")) if os.path.isdir(d)), None)
    p = argparse.ArgumentParser(description="Print nasscore's scores and score-quality records as JSON lines.")
    p.add_argument("--bootstrap-servers", default=os.environ.get("NASSCORE_BOOTSTRAP_SERVERS", "localhost:19092"))
    p.add_argument("--client-config", default=os.environ.get("NASSCORE_CLIENT_CONFIG"),
                   help="properties file for SASL/TLS")
    p.add_argument("--schemas", default=default_schemas, help="directory of <Name>/v<N>.avsc (every released version)")
    p.add_argument("--topics", default="nas.scores,nas.score-quality")
    p.add_argument("--group", default="python-subscriber")
    p.add_argument("--max-records", type=int, default=0, help="stop after N records (0: run until interrupted)")
    p.add_argument("--idle-timeout", type=float, default=0, help="stop after S seconds without a record (0: never)")
    args = p.parse_args(argv)
    if args.schemas is None:
        p.error("--schemas is required (no schemas/ directory next to this script)")
    schemas = ReleasedSchemas(args.schemas)

    config = {
        "bootstrap.servers": args.bootstrap_servers,
        "group.id": args.group,
        "auto.offset.reset": "earliest",
        # REQUIRED: workers write in transactions; without it, records of aborted transactions show up
        "isolation.level": "read_committed",
    }
    if args.client_config:
        config.update(client_config(args.client_config))
    consumer = Consumer(config)
    consumer.subscribe([t.strip() for t in args.topics.split(",") if t.strip()])
    printed, idle = 0, 0.0
    try:
        while args.max_records == 0 or printed < args.max_records:
            msg = consumer.poll(1.0)
            if msg is None:
                idle += 1.0
                if args.idle_timeout and idle >= args.idle_timeout:
                    break
                continue
            idle = 0.0
            if msg.error():
                if msg.error().code() != KafkaError._PARTITION_EOF:
                    print(f"nasscore_subscriber: {msg.error()}", file=sys.stderr)
                continue
            if msg.value() is None:
                continue  # tombstone on a compacted topic
            key = msg.key().decode("utf-8") if msg.key() is not None else None
            try:
                label, record = schemas.decode(msg.value())
            except ValueError as e:
                # skip it, as the Java serde's RecordDeserializationException lets a consumer seek past it
                print(f"nasscore_subscriber: {msg.topic()} partition {msg.partition()} offset {msg.offset()}: {e}",
                      file=sys.stderr)
                continue
            print(json.dumps({"topic": msg.topic(), "key": key, "schema": label, "value": _json_value(record)}),
                  flush=True)
            printed += 1
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
