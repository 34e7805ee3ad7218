/** A small structure and scenario with fixed times, so expected latencies can be worked out by hand. */
import { parseScenario, parseStructure } from '../src/index.js';

export function miniStructure(opts: { hqCapacity?: number; allyLink?: string; hqDecide?: string; reachBack?: string } = {}) {
  return parseStructure('mini-structure.yaml', `
id: mini
name: Mini
description: Two headquarters and an ally, with fixed times.
sources: { fixture: "test fixture" }
nodes:
  - { id: radar, name: Radar, nation: JP, location: A, timeZone: Asia/Tokyo, capacity: 4, processing: { assess: 10s, decide: 20s, task: 10s }, source: fixture }
  - id: hq
    name: HQ
    nation: JP
    location: B
    timeZone: Asia/Tokyo
    capacity: ${opts.hqCapacity ?? 2}
    dutyHours: { start: "09:00", end: "17:00", days: [mon, tue, wed, thu, fri, sat, sun] }
    afterHours: { reachBack: ${opts.reachBack ?? '30m'}, staysFor: 2h }
    processing: { assess: 60s, decide: ${opts.hqDecide ?? '120s'}, task: 10s }
    source: fixture
  - { id: ally, name: Ally, nation: US, location: C, timeZone: Pacific/Honolulu, capacity: 2, processing: { assess: 60s, decide: 60s, coordinate: 60s, task: 10s }, source: fixture }
links:
  - { from: radar, to: hq, channel: data-link, latency: 30s, source: fixture }
  - ${opts.allyLink ?? '{ from: hq, to: ally, channel: vtc, latency: 5m, cyberDegradable: true, source: fixture }'}
authority:
  force-posture:
    - { chain: [hq], consult: [ally], executor: radar, source: fixture }
  intercept:
    - chain: [radar, hq]
      delegations: [{ to: radar, when: { deadlineWithin: 5m }, source: fixture }]
      executor: radar
      source: fixture
`);
}

/** 10:00 Tokyo on a Monday unless `start` says otherwise. */
export function miniScenario(body: string, start = '2026-01-05T01:00:00Z') {
  return parseScenario('mini-scenario.yaml', `
id: mini-scenario
title: Mini
summary: Fixture.
briefing: Fixture.
start: "${start}"
duration: 12h
sources: { fixture: "test fixture" }
${body}`);
}

/** One inject at 0s detected by the radar at once, demanding the decisions given. */
export function oneInject(decisions: string, extra = '') {
  return `injects:
  - id: e
    at: 0s
    title: Event
    detection: [{ node: radar, delay: 0s }]
    source: fixture
${extra}
    decisions:
${decisions}`;
}

export const posture = (more = '') => `      - { id: d, kind: force-posture, success: s, failure: f, source: fixture${more} }`;

/**
 * A contingency inject (fired by another decision's onLate, or a track's onError), detected by the
 * radar at once `at` after it is fired, demanding the decisions given.
 */
export function contingency(id: string, title: string, decisions: string, at = '0s') {
  return `  - id: ${id}
    contingency: true
    at: ${at}
    title: ${title}
    detection: [{ node: radar, delay: 0s }]
    source: fixture
    decisions:
${decisions}`;
}

/** The contingency `retract`, fired by a track's `onError: [retract]`: its decision `r` retracts `target`. */
export const retraction = (target = 'e/d', more = '') =>
  contingency('retract', 'Retract', `      - { id: r, kind: force-posture, retracts: ${target}${more}, success: s, failure: f, source: fixture }`);
