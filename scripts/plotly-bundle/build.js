// Builds vendor/plotly-geo.min.js from entry.js with esbuild, as plotly.js builds its own bundles (its
// esbuild-config.js), minified, under plotly.js's licence header naming the version (dashboard/server/vendor.py
// reads it). Run by scripts/install-vendor.sh after `npm ci`.
'use strict';

const path = require('path');
const acorn = require('acorn');
const esbuild = require('esbuild');
const fs = require('fs');
const {version} = require('plotly.js/package.json');
const copyright = fs.readFileSync(require.resolve('plotly.js/LICENSE'), 'utf8').match(/^Copyright .*$/m)[0];

const here = __dirname;
const plotlySources = path.dirname(require.resolve('plotly.js/src/core.js'));
const out = process.argv[2] || path.join(here, '..', '..', 'vendor', 'plotly-geo.min.js');

// As plotly.js's own dist bundles are built: the attributes' documentation (description, hrName, requiredOpts,
// otherOpts), which only plotly's schema and docs read, taken out of plotly.js's sources before bundling.
const META = new Set(['description', 'hrName', 'requiredOpts', 'otherOpts']);
const COMMA = /\s*,/y;

function withoutMeta(source) {
    const cuts = [];
    (function visit(node) {
        if(node.type === 'ObjectExpression') {
            for(const property of node.properties) {
                const key = property.type === 'Property' && !property.computed &&
                    (property.key.name || property.key.value);
                if(META.has(key)) {
                    COMMA.lastIndex = property.end;  // the comma after it, if any, goes with it
                    cuts.push([property.start, COMMA.test(source) ? COMMA.lastIndex : property.end]);
                    property.skip = true;
                }
            }
        }
        for(const value of Object.values(node)) {
            for(const child of Array.isArray(value) ? value : [value]) {
                if(child && typeof child.type === 'string' && !child.skip) visit(child);
            }
        }
    })(acorn.parse(source, {ecmaVersion: 'latest', sourceType: 'module', allowReturnOutsideFunction: true}));
    for(const [start, end] of cuts.sort((a, b) => b[0] - a[0])) {
        source = source.slice(0, start) + source.slice(end);
    }
    return source;
}

const plotlyWithoutMeta = {
    name: 'plotly-without-attribute-meta',
    setup(build) {
        build.onLoad({filter: /\.js$/}, async function(args) {
            if(!args.path.startsWith(plotlySources + path.sep)) return undefined;
            return {contents: withoutMeta(await fs.promises.readFile(args.path, 'utf8')), loader: 'js'};
        });
    }
};

esbuild.build({
    entryPoints: [path.join(here, 'entry.js')],
    outfile: out,
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Plotly',
    target: 'es2016',
    define: {global: 'window', 'define.amd': 'false'},
    alias: {
        'country-iso-search': path.join(here, 'country-names.js'),
        'd3-geo-projection': path.join(here, 'projections.js')
    },
    // plotly.js's registry asks for maplibre-gl's styles, which only its map traces use.
    loader: {'.css': 'empty'},
    plugins: [plotlyWithoutMeta],
    banner: {js: `/**\n* plotly.js (geo, the dashboard's map - minified) v${version}\n* ${copyright}\n` +
                 '* Licensed under the MIT license\n*/'},
    legalComments: 'eof',
    logLevel: 'warning'
}).catch(() => process.exit(1));
