#!/usr/bin/env python3
"""Writes N realistic alert payloads as NDJSON: a mix of Alertmanager groups, AWS cost anomalies and
Grafana groups, built from the real samples in samples/ with varied labels, amounts and fingerprints.

usage: generate-alerts.py N [--distinct K] [--kind cost] > alerts.ndjson
  --distinct K  only K distinct fingerprints (repeats of the same alerts), default N
  --kind cost   only AWS cost anomalies (they all go to one project)
"""
import copy
import json
import random
import sys
from pathlib import Path

samples = Path(__file__).resolve().parent.parent / "samples"
alertmanager = json.loads((samples / "alertmanager/prometheus-msteams_card-grafana-inspired-payload.json").read_text())
cost = json.loads((samples / "aws-cost-anomaly/mashiike-reactor_testdata_anomaly.json").read_text())
grafana = json.loads((samples / "grafana/grafana-docs_webhook-notifier_example.json").read_text())

count = int(sys.argv[1])
distinct = count
if "--distinct" in sys.argv:
    distinct = int(sys.argv[sys.argv.index("--distinct") + 1])
only_cost = "--kind" in sys.argv and sys.argv[sys.argv.index("--kind") + 1] == "cost"
rng = random.Random(42)
services = ["Amazon Elastic Compute Cloud - Compute", "Amazon Relational Database Service", "Amazon Simple Storage Service", "AWS Lambda", "Amazon CloudFront"]
teams = ["sre", "payments", "search", "data", "platform"]
out = sys.stdout
for i in range(count):
    key = i % distinct
    kind = 1 if only_cost else key % 3
    if kind == 0:
        doc = copy.deepcopy(alertmanager)
        doc["alerts"] = doc["alerts"][: 1 + (key // 3) % 3]
        for n, alert in enumerate(doc["alerts"]):
            alert["fingerprint"] = f"{key:08x}{n:08x}"
            alert["labels"]["team"] = teams[key % len(teams)]
            alert["labels"]["severity"] = ["critical", "warning", "info"][key % 3]
            alert["labels"]["instance"] = f"10.0.{key % 256}.{n}:9100"
            alert["annotations"]["value"] = f"{rng.random() * 100:.2f} %"
    elif kind == 1:
        doc = copy.deepcopy(cost)
        doc["anomalyId"] = f"{key:08x}-abcd-ef12-3456-987654321a12"
        doc["impact"]["totalImpact"] = round(rng.random() * 5000, 2)
        doc["impact"]["totalActualSpend"] = round(doc["impact"]["totalImpact"] + 300, 2)
        doc["rootCauses"][0]["service"] = services[key % len(services)]
        doc["rootCauses"][0]["linkedAccount"] = f"{100000000000 + key % 50}"
    else:
        doc = copy.deepcopy(grafana)
        for n, alert in enumerate(doc["alerts"]):
            alert["fingerprint"] = f"{key:08x}{n:08x}"
            alert["labels"]["zone"] = f"zone-{key % 7}"
            alert["values"]["B"] = rng.random() * 100
    out.write(json.dumps(doc, separators=(",", ":")))
    out.write("\n")
