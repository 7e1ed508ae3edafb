import { describe, expect, it } from '@jest/globals';
import { escapeHtml, html, jsonScript, pageUrl, penceCell, percent, pounds, ratio, SafeHtml } from './html.js';

describe('html', () => {
  it('escapes every interpolated value but nested fragments', () => {
    const name = `<b onclick="x">Tom & 'Jerry'</b>`;
    const fragment = html`<p title="${name}">${name} ${html`<em>${'<i>'}</em>`}</p>`;
    expect(fragment.value).toBe(
      '<p title="&lt;b onclick=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;">' +
        '&lt;b onclick=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt; <em>&lt;i&gt;</em></p>',
    );
  });

  it('joins arrays and leaves nothing for null, undefined and false', () => {
    expect(html`${['<a>', html`<b></b>`]}${null}${undefined}${false}${0}`.value).toBe('&lt;a&gt;<b></b>0');
    expect(escapeHtml('plain')).toBe('plain');
    expect(new SafeHtml('<x>').toString()).toBe('<x>');
  });

  it('keeps JSON in a script element from closing it, and parseable', () => {
    const data = { label: '</script><script>alert(1)</script>', other: 'a & b \u2028' };
    const element = jsonScript('data', data).value;
    const body = /^<script type="application\/json" id="data">(.*)<\/script>$/s.exec(element)![1]!;
    expect(body).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(body)).toEqual(data);
  });

  it('shows pence as pounds in en-GB and keeps the pence', () => {
    expect(pounds(133_100)).toBe('£1,331.00');
    expect(pounds(-5)).toBe('-£0.05');
    expect(penceCell(1_234_567).value).toBe('<td class="number" data-pence="1234567">£12,345.67</td>');
    expect(percent(0.6667)).toBe('66.7%');
    expect(percent(null)).toBe('–');
    expect(ratio(1.4423)).toBe('1.44×');
  });

  it('builds links with their query encoded and blank values left out', () => {
    expect(pageUrl('/dashboard/breaches', { systemId: 'a b', trustId: undefined, severity: '', limit: 2 })).toBe(
      '/dashboard/breaches?systemId=a+b&limit=2',
    );
    expect(pageUrl('/dashboard', {})).toBe('/dashboard');
  });
});
