// Vue's browser build of its runtime, typed as the package entry it mirrors.
declare module 'vue/dist/vue.runtime.esm-browser.prod.js' {
  export * from 'vue';
}
