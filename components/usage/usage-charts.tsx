'use client';

import type { ReactNode } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsagePoint } from '@/lib/control/usage/summarize-usage';
import type { UsageRange } from '@/lib/control/usage/usage-range';

const LATENCY_LINES = [
  { dataKey: 'overheadP50', name: 'overhead p50', stroke: '#0284c7' },
  { dataKey: 'overheadP95', name: 'overhead p95', stroke: '#0369a1', strokeDasharray: '4 2' },
  { dataKey: 'upstreamP50', name: 'upstream p50', stroke: '#a855f7' },
  { dataKey: 'upstreamP95', name: 'upstream p95', stroke: '#7e22ce', strokeDasharray: '4 2' },
] as const;
const OUTCOME_COLOURS = { success: '#059669', flagged: '#d97706', blocked: '#dc2626', denied: '#64748b', failure: '#7c3aed' } as const;

/** Rates are fractions of a bucket's requests: the axis shows all of 0–100 %, whatever the data. */
const RATE_TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * A line through a single point draws nothing, so a series with one value in the range (traffic in one
 * bucket) shows that value as a dot; longer series stay plain lines.
 */
export function markLonePoint(points: readonly UsagePoint[], dataKey: keyof UsagePoint): false | { r: number } {
  return points.filter((point) => point[dataKey] !== null).length === 1 ? { r: 3 } : false;
}

/** The overview's charts over one range; latency charts only where bands were summed (one tenant). */
export function UsageCharts({ points, range, showLatency }: { points: UsagePoint[]; range: UsageRange; showLatency: boolean }) {
  const formatTime = createTimeFormatter(range);
  const axis = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      <XAxis dataKey="time" tickFormatter={formatTime} minTickGap={24} tick={{ fontSize: 11 }} />
    </>
  );
  const tooltip = <Tooltip labelFormatter={(label) => formatTime(String(label))} />;
  return (
    <div className="grid gap-4 lg:grid-cols-2" data-testid="usage-charts">
      <Chart title="Requests by outcome" testId="chart-requests">
        <AreaChart data={points}>
          {axis}
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={40} />
          {tooltip}
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {(Object.keys(OUTCOME_COLOURS) as (keyof typeof OUTCOME_COLOURS)[]).map((outcome) => (
            <Area
              key={outcome}
              type="monotone"
              dataKey={outcome}
              stackId="outcomes"
              stroke={OUTCOME_COLOURS[outcome]}
              fill={OUTCOME_COLOURS[outcome]}
              fillOpacity={0.35}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </Chart>
      <Chart title="Blocked and flagged rate" testId="chart-rates">
        <LineChart data={points}>
          {axis}
          <YAxis
            tickFormatter={(value: number) => `${Math.round(value * 100)} %`}
            domain={[0, 1]}
            ticks={RATE_TICKS}
            allowDataOverflow
            tick={{ fontSize: 11 }}
            width={44}
          />
          <Tooltip labelFormatter={(label) => formatTime(String(label))} formatter={(value) => `${(Number(value) * 100).toFixed(1)} %`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            type="monotone"
            dataKey="blockedRate"
            name="blocked"
            stroke={OUTCOME_COLOURS.blocked}
            dot={markLonePoint(points, 'blockedRate')}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="flaggedRate"
            name="flagged"
            stroke={OUTCOME_COLOURS.flagged}
            dot={markLonePoint(points, 'flaggedRate')}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </Chart>
      {showLatency && (
        <Chart title="Latency (ms, upper bound of band)" testId="chart-latency">
          <LineChart data={points}>
            {axis}
            <YAxis scale="log" domain={[1, 'auto']} allowDataOverflow tick={{ fontSize: 11 }} width={44} />
            {tooltip}
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {LATENCY_LINES.map((line) => (
              <Line key={line.dataKey} type="stepAfter" {...line} dot={markLonePoint(points, line.dataKey)} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        </Chart>
      )}
      <Chart title="Tokens" testId="chart-tokens">
        <BarChart data={points}>
          {axis}
          <YAxis tick={{ fontSize: 11 }} width={48} />
          {tooltip}
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="tokensIn" name="in" stackId="tokens" fill="#0ea5e9" isAnimationActive={false} />
          <Bar dataKey="tokensOut" name="out" stackId="tokens" fill="#6366f1" isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart title="Incidents opened" testId="chart-incidents">
        <BarChart data={points}>
          {axis}
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} />
          {tooltip}
          <Bar dataKey="incidents" name="incidents" fill="#dc2626" isAnimationActive={false} />
        </BarChart>
      </Chart>
    </div>
  );
}

function Chart({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4" data-testid={testId}>
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          {children as React.ReactElement}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

function createTimeFormatter(range: UsageRange) {
  const options: Intl.DateTimeFormatOptions = range === '1h' || range === '24h' ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' };
  const format = new Intl.DateTimeFormat('en-GB', options);
  return (time: string) => format.format(new Date(time));
}
