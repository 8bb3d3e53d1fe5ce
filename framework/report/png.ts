// A chart as a PNG for a slide or a paper: its SVG rasterised by resvg (Rust, prebuilt for Node),
// at twice the SVG's size, on white, with the system's fonts (DejaVu Sans where the chart's fonts are missing).
import { Resvg } from '@resvg/resvg-js';
import type { RenderedChart } from './render-svg.js';

export const PNG_SCALE = 2;

export function chartPng(chart: RenderedChart): Buffer {
  const resvg = new Resvg(chart.svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
