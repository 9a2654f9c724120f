import { describe, expect, it } from 'vitest';
import { html } from './html-template';

describe('the html template tag', () => {
  it('escapes interpolated text, attribute quotes included', () => {
    const hostile = `<script>alert("x")</script>' onmouseover='y`;
    expect(html`<p title="${hostile}">${hostile}</p>`.markup).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y</p>',
    );
  });

  it('keeps nested templates and lists as markup, and renders nothing for false, null and undefined', () => {
    const items = ['a&b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${false}${null}${undefined}${0}`.markup).toBe('<ul><li>a&amp;b</li><li>c</li></ul>0');
  });
});
